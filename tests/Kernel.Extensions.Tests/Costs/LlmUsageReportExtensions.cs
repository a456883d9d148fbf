using LlmAspire.Costs;

namespace LlmAspire.Tests.Costs;

internal static class LlmUsageReportExtensions
{
    public static long InputTokens(this LlmUsageReport report) => report.ByDay.Sum(d => d.InputTokens);
}
