//! The contextual vocabulary: words that mean something only in one position (sanction kinds,
//! effects, grades, function names, …), each with its English and Chinese spelling.
//!
//! The grammar reads these as plain names; the checker resolves them here and the formatter
//! translates them here, so a word is spelled in exactly one table.

macro_rules! vocab {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $var:ident = ($en:literal, $zh:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $var),+
        }

        impl $name {
            /// Every member, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$var),+];

            /// The English spelling (also the canonical id in JSON output).
            pub fn en(self) -> &'static str {
                match self { $($name::$var => $en),+ }
            }

            /// The Chinese spelling.
            pub fn zh(self) -> &'static str {
                match self { $($name::$var => $zh),+ }
            }

            /// The member spelled `name` in either language.
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($en | $zh => Some($name::$var),)+
                    _ => None,
                }
            }

            /// The spelling in `lang`.
            pub fn spelling(self, lang: crate::ast::Lang) -> &'static str {
                match lang {
                    crate::ast::Lang::En => self.en(),
                    crate::ast::Lang::Zh => self.zh(),
                }
            }
        }
    };
}

vocab! {
    /// Kinds of penalty and accompanying measure (Administrative Penalty Law art. 9, 28).
    SanctionKind {
        /// 警告.
        Warning = ("warning", "警告"),
        /// 通报批评.
        PublicCriticism = ("public_criticism", "通报批评"),
        /// 罚款.
        Fine = ("fine", "罚款"),
        /// 没收违法所得.
        ConfiscateGains = ("confiscate_gains", "没收违法所得"),
        /// 没收非法财物.
        ConfiscateProperty = ("confiscate_property", "没收非法财物"),
        /// 暂扣许可证件.
        SuspendLicense = ("suspend_license", "暂扣许可证件"),
        /// 降低资质等级.
        LowerQualification = ("lower_qualification", "降低资质等级"),
        /// 吊销许可证件.
        RevokeLicense = ("revoke_license", "吊销许可证件"),
        /// 限制开展生产经营活动.
        RestrictProduction = ("restrict_production", "限制开展生产经营活动"),
        /// 责令停产停业.
        SuspendBusiness = ("suspend_business", "责令停产停业"),
        /// 责令关闭.
        CloseDown = ("close_down", "责令关闭"),
        /// 限制从业.
        RestrictEmployment = ("restrict_employment", "限制从业"),
        /// 行政拘留.
        Detention = ("detention", "行政拘留"),
        /// 责令改正: not a penalty, but accompanies one (art. 28).
        OrderCorrection = ("order_correction", "责令改正"),
    }
}

vocab! {
    /// What a circumstance does, in the fixed precedence order of evaluation.
    EffectKind {
        /// The item does not apply.
        NotApplicable = ("not_applicable", "不适用"),
        /// Beyond the limitation period.
        TimeBarred = ("time_barred", "超过时效"),
        /// Not punishable (no liability: age, capacity, no fault).
        NotPunishable = ("not_punishable", "不予处罚"),
        /// Exempt from penalty (minor or first violation).
        Exempt = ("exempt", "免予处罚"),
        /// Reduced below the statutory minimum (减轻).
        Reduce = ("reduce", "减轻"),
        /// Lightened within the range (从轻).
        Mitigate = ("mitigate", "从轻"),
        /// Lightened or reduced (从轻或者减轻).
        MitigateOrReduce = ("mitigate_or_reduce", "从轻或者减轻"),
        /// Aggravated (从重).
        Aggravate = ("aggravate", "从重"),
    }
}

vocab! {
    /// The grade of a tier, used by placement policies and circumstance effects.
    Grade {
        /// 减轻.
        Reduced = ("reduced", "减轻"),
        /// 从轻.
        Lenient = ("lenient", "从轻"),
        /// 一般.
        Ordinary = ("ordinary", "一般"),
        /// 从重.
        Severe = ("severe", "从重"),
        /// 特别严重.
        Grave = ("grave", "特别严重"),
    }
}

vocab! {
    /// A point inside a band.
    Point {
        /// 下限.
        Minimum = ("minimum", "下限"),
        /// 中间值.
        Midpoint = ("midpoint", "中间值"),
        /// 上限.
        Maximum = ("maximum", "上限"),
    }
}

vocab! {
    /// Fields of `fine.…` and `statutory.…`.
    BoundField {
        /// Lower bound.
        Min = ("min", "下限"),
        /// Upper bound.
        Max = ("max", "上限"),
        /// Recommended amount (`fine.point` only).
        Point = ("point", "建议值"),
    }
}

vocab! {
    /// Rounding modes.
    RoundingMode {
        /// Half away from zero (the default).
        HalfUp = ("half_up", "四舍五入"),
        /// Half to even.
        HalfEven = ("half_even", "银行家舍入"),
        /// Away from zero.
        Up = ("up", "进一"),
        /// Toward zero.
        Down = ("down", "去尾"),
    }
}

vocab! {
    /// How mitigating and aggravating circumstances combine when both apply.
    ConflictMode {
        /// Not resolved: the case needs a collective decision (the default).
        Collective = ("collective", "集体讨论"),
        /// They cancel out: the item's own tiers decide.
        Offset = ("offset", "抵消"),
        /// Mitigation wins.
        LenientFirst = ("lenient_first", "从轻优先"),
        /// Aggravation wins.
        SevereFirst = ("severe_first", "从重优先"),
    }
}

vocab! {
    /// Outcomes of a decision.
    Outcome {
        /// A penalty is imposed.
        Penalize = ("penalize", "处罚"),
        /// Not punishable.
        NotPunishable = ("not_punishable", "不予处罚"),
        /// Beyond the limitation period.
        TimeBarred = ("time_barred", "超过时效"),
        /// Exempt from penalty.
        Exempt = ("exempt", "免予处罚"),
        /// Circumstances conflict; the agency's leaders decide collectively.
        NeedsCollectiveDecision = ("needs_collective_decision", "集体讨论决定"),
    }
}

vocab! {
    /// Built-in review kinds; rulebooks may declare more with `review kind`.
    ReviewKindBuiltin {
        /// 法制审核 (art. 58).
        LegalReview = ("legal_review", "法制审核"),
        /// 集体讨论 (art. 57).
        CollectiveDiscussion = ("collective_discussion", "集体讨论"),
        /// 听证告知 (art. 63).
        HearingNotice = ("hearing_notice", "听证告知"),
        /// 移送司法机关 (art. 57, transfer regulation).
        CriminalTransfer = ("criminal_transfer", "移送司法机关"),
        /// 简易程序 allowed (art. 51).
        SummaryProcedure = ("summary_procedure", "简易程序"),
    }
}

vocab! {
    /// Built-in types.
    BuiltinType {
        /// `true` / `false`.
        Bool = ("bool", "布尔"),
        /// Whole numbers.
        Int = ("int", "整数"),
        /// Exact decimals.
        Decimal = ("decimal", "数值"),
        /// Yuan, exact decimal.
        Money = ("money", "金额"),
        /// Calendar dates.
        Date = ("date", "日期"),
        /// Years, months and days.
        Duration = ("duration", "期间"),
        /// Text (equality only).
        Text = ("text", "文本"),
    }
}

vocab! {
    /// Built-in functions.
    Function {
        /// `min(a, b, …)`.
        Min = ("min", "最小值"),
        /// `max(a, b, …)`.
        Max = ("max", "最大值"),
        /// `round(x, unit, mode)`.
        Round = ("round", "取整"),
        /// `clamp(x, lo, hi)`.
        Clamp = ("clamp", "限定"),
        /// `abs(x)`.
        Abs = ("abs", "绝对值"),
        /// `age_on(birth, day)`: completed years, reached the day after the birthday.
        AgeOn = ("age_on", "周岁"),
        /// `days_between(a, b)`.
        DaysBetween = ("days_between", "相隔天数"),
        /// `working_days_between(a, b, calendar)`.
        WorkingDaysBetween = ("working_days_between", "工作日数"),
        /// `add_working_days(d, n, calendar)`.
        AddWorkingDays = ("add_working_days", "加工作日"),
        /// `deadline(start, period[, calendar])`: Civil Code arts. 201–203.
        Deadline = ("deadline", "期间届满"),
        /// `year(d)`.
        Year = ("year", "年份"),
        /// `count(list where cond)`.
        Count = ("count", "计数"),
        /// `sum(e of list where cond)`.
        Sum = ("sum", "合计"),
        /// `any(list where cond)`.
        Any = ("any", "任一"),
        /// `all(list where cond)`.
        All = ("all", "全部"),
    }
}

vocab! {
    /// Keys of a test's `given` block besides fact names.
    GivenKey {
        /// The violation item id.
        Violation = ("violation", "违法行为"),
        /// Several items for one act (art. 29).
        Violations = ("violations", "违法行为列表"),
        /// Date of the act.
        ActDate = ("act_date", "违法日期"),
        /// Date of the decision.
        DecisionDate = ("decision_date", "决定日期"),
    }
}

vocab! {
    /// Keys of a test's `expect` block.
    ExpectKey {
        /// Outcome.
        Outcome = ("outcome", "处理结果"),
        /// Tier id.
        Tier = ("tier", "阶次"),
        /// Fine band `a to b`.
        Fine = ("fine", "罚款"),
        /// Recommended amount.
        Point = ("point", "建议金额"),
        /// Triggered review ids.
        Reviews = ("reviews", "程序"),
        /// Options left to the officer (circumstance ids).
        Options = ("options", "选项"),
        /// Sanction kinds imposed.
        Sanctions = ("sanctions", "处罚种类"),
        /// Circumstances that applied.
        Circumstances = ("circumstances", "情节"),
        /// Item governing a multi-provision case.
        Governing = ("governing", "适用条款"),
        /// Applied rulebook version.
        Version = ("version", "版本"),
        /// A case error is expected.
        Error = ("error", "错误"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_round_trip() {
        for k in SanctionKind::ALL {
            assert_eq!(SanctionKind::from_name(k.en()), Some(*k));
            assert_eq!(SanctionKind::from_name(k.zh()), Some(*k));
        }
        for f in Function::ALL {
            assert_eq!(Function::from_name(f.zh()), Some(*f));
        }
        assert_eq!(
            EffectKind::from_name("从轻或者减轻"),
            Some(EffectKind::MitigateOrReduce)
        );
        assert_eq!(Grade::from_name("bogus"), None);
    }
}
