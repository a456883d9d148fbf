using System.Globalization;

namespace LlmAspire.Costs.Internal;

/// <summary>UTC period keys and when each period ends.</summary>
internal static class BudgetPeriods
{
    // Every call needs today's keys; they are formatted once per day, not per call.
    private static Keys s_last = new(-1, string.Empty, string.Empty);

    public static string DayKey(DateTimeOffset now) => KeysFor(now).Day;

    public static string MonthKey(DateTimeOffset now) => KeysFor(now).Month;

    public static string Key(LlmBudgetPeriod period, DateTimeOffset now) =>
        period == LlmBudgetPeriod.Daily ? DayKey(now) : MonthKey(now);

    public static DateTimeOffset End(LlmBudgetPeriod period, DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        return period == LlmBudgetPeriod.Daily
            ? new DateTimeOffset(utc.Date.AddDays(1), TimeSpan.Zero)
            : new DateTimeOffset(
                new DateTime(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1),
                TimeSpan.Zero);
    }

    public static string Name(LlmBudgetPeriod period) => period == LlmBudgetPeriod.Daily ? "daily" : "monthly";

    private static Keys KeysFor(DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        var dayNumber = DateOnly.FromDateTime(utc).DayNumber;
        var last = Volatile.Read(ref s_last);
        if (last.DayNumber == dayNumber)
        {
            return last;
        }

        var keys = new Keys(
            dayNumber,
            utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            utc.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        Volatile.Write(ref s_last, keys);
        return keys;
    }

    private sealed record Keys(int DayNumber, string Day, string Month);
}
