using System.Globalization;

namespace LlmAspire.Costs.Internal;

/// <summary>UTC period keys and when each period ends.</summary>
internal static class BudgetPeriods
{
    public static string DayKey(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string MonthKey(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static string Key(LlmBudgetPeriod period, DateTimeOffset now) =>
        period == LlmBudgetPeriod.Daily ? DayKey(now) : MonthKey(now);

    public static DateTimeOffset End(LlmBudgetPeriod period, DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        return period == LlmBudgetPeriod.Daily
            ? new DateTimeOffset(utc.Date.AddDays(1), TimeSpan.Zero)
            : new DateTimeOffset(new DateTime(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1), TimeSpan.Zero);
    }

    public static string Name(LlmBudgetPeriod period) => period == LlmBudgetPeriod.Daily ? "daily" : "monthly";
}
