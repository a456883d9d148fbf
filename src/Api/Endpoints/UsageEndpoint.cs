using System.Globalization;
using System.Text.Json;
using LlmAspire.Api.Errors;
using LlmAspire.Api.Tenants;
using LlmAspire.Api.Wire;
using LlmAspire.Costs;

namespace LlmAspire.Api.Endpoints;

/// <summary>
/// <c>GET /v1/usage?from=&amp;to=&amp;tenant=</c>: spend and usage over UTC days in snake_case JSON. <c>to</c>
/// defaults to today and <c>from</c> to the first of <c>to</c>'s month; both are <c>yyyy-MM-dd</c>. A caller
/// authenticated as a tenant sees only its own usage and budgets.
/// </summary>
internal sealed class UsageEndpoint(LlmUsageReports reports, TimeProvider timeProvider)
{
    public async Task HandleAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var authenticated = TenantAuthenticator.TenantOf(context);
        GatewayError? error = null;
        var today = DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);
        var to = ParseDate(query["to"], "to", today, ref error);
        var from = ParseDate(query["from"], "from", new DateOnly(to.Year, to.Month, 1), ref error);
        string? tenant = query["tenant"].ToString() is { Length: > 0 } named ? named : null;

        if (error is null && authenticated is not null && tenant is not null && tenant != authenticated)
        {
            error = new GatewayError(
                StatusCodes.Status403Forbidden,
                ErrorTypes.InvalidRequest,
                "permission_denied",
                "tenant",
                "A tenant key can read only its own usage. Leave out 'tenant' or name your own tenant.");
        }

        if (error is null && to < from)
        {
            error = GatewayError.Invalid(
                ErrorCodes.InvalidValue,
                "to",
                $"'to' ({to:yyyy-MM-dd}) is before 'from' ({from:yyyy-MM-dd}). Swap them.");
        }

        if (error is null && to.DayNumber - from.DayNumber + 1 > LlmUsageReports.MaxDays)
        {
            error = GatewayError.Invalid(
                ErrorCodes.InvalidValue,
                "from",
                $"The range is longer than {LlmUsageReports.MaxDays} days. Ask for a shorter range.");
        }

        if (error is not null)
        {
            await ErrorResponseWriter.WriteAsync(context.Response, error);
            return;
        }

        var report = await reports.GetReportAsync(from, to, authenticated ?? tenant, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        var writer = JsonWriterCache.Rent(context.Response.BodyWriter);
        Write(writer, report);
        JsonWriterCache.Return(writer);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private static DateOnly ParseDate(string? value, string name, DateOnly fallback, ref GatewayError? error)
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        if (DateOnly.TryParseExact(
            value,
            "yyyy-MM-dd",
            CultureInfo.InvariantCulture,
            DateTimeStyles.None,
            out var date))
        {
            return date;
        }

        var shown = value.Length <= 20 ? value : value[..20] + "...";
        error ??= GatewayError.Invalid(
            ErrorCodes.InvalidValue,
            name,
            $"'{name}' has the value '{shown}', which is not a date. Write it as yyyy-MM-dd, for example 2026-01-31.");
        return fallback;
    }

    private static void Write(Utf8JsonWriter writer, LlmUsageReport report)
    {
        writer.WriteStartObject();
        writer.WriteString("object", "usage_report");
        writer.WriteString("from", report.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        writer.WriteString("to", report.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (report.Tenant is null)
        {
            writer.WriteNull("tenant");
        }
        else
        {
            writer.WriteString("tenant", report.Tenant);
        }

        writer.WriteNumber("total_cost_usd", report.TotalCostUsd);
        writer.WriteNumber("requests", report.Requests);
        writer.WriteNumber("cache_hits", report.CacheHits);
        writer.WriteNumber("saved_cost_usd", report.SavedCostUsd);
        WriteEntries(writer, "by_day", report.ByDay, "date");
        WriteEntries(writer, "by_tenant", report.ByTenant, "tenant");
        WriteEntries(writer, "by_route", report.ByRoute, "route");
        WriteEntries(writer, "by_provider", report.ByProvider, "provider");
        WriteEntries(writer, "by_model", report.ByModel, "model");

        writer.WriteStartArray("unpriced_models");
        foreach (var model in report.UnpricedModels)
        {
            writer.WriteStringValue(model);
        }

        writer.WriteEndArray();

        writer.WriteStartArray("budgets");
        foreach (var budget in report.Budgets)
        {
            writer.WriteStartObject();
            writer.WriteString("scope", budget.Scope);
            writer.WriteString("period", budget.Period == LlmBudgetPeriod.Daily ? "daily" : "monthly");
            writer.WriteNumber("limit_usd", budget.LimitUsd);
            writer.WriteNumber("spent_usd", budget.SpentUsd);
            writer.WriteNumber("reserved_usd", budget.ReservedUsd);
            writer.WriteNumber("remaining_usd", budget.RemainingUsd);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteEntries(
        Utf8JsonWriter writer,
        string name,
        IReadOnlyList<LlmUsageEntry> entries,
        string key)
    {
        writer.WriteStartArray(name);
        foreach (var entry in entries)
        {
            writer.WriteStartObject();
            writer.WriteString(key, entry.Name);
            writer.WriteNumber("cost_usd", entry.CostUsd);
            writer.WriteNumber("requests", entry.Requests);
            writer.WriteNumber("input_tokens", entry.InputTokens);
            writer.WriteNumber("output_tokens", entry.OutputTokens);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
