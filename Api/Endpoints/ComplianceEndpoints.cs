using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Compliance;
using Rowell.Abstractions.Developers;
using Rowell.Api.Auth;
using Rowell.Api.Infrastructure;

namespace Rowell.Api.Endpoints;

/// <summary>
/// Compliance: identity verification, flags and their review, analytics and reports. Each endpoint validates, calls
/// one grain (or one read-model query) and maps. The decisions live in Grains/Compliance/.
/// </summary>
public static partial class ComplianceEndpoints
{
    public static IEndpointRouteBuilder MapComplianceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/compliance").WithTags("Compliance");
        group.MapPost("/verify-id", VerifyId)
            .Accepts<VerifyIdRequest>("application/json")
            .WithSummary("Verify an account holder's identity document offline (format, check digits, date of birth) and screen the holder against the sanctions list; updates the account's kyc_status. Send an Idempotency-Key.")
            .RequirePermission(Permissions.ComplianceWrite);
        group.MapGet("/verify-id/{id}", GetVerification).WithSummary("One verification (the document number masked).").RequirePermission(Permissions.ComplianceRead);
        group.MapGet("/verifications", ListVerifications)
            .WithSummary("Your verifications, newest first (filters: account_id, status, document_type, risk_level).")
            .RequirePermission(Permissions.ComplianceRead);
        group.MapPost("/flag-transaction", FlagTransaction)
            .Accepts<FlagTransactionRequest>("application/json")
            .WithSummary("Flag one of your transfers for review. Send an Idempotency-Key.")
            .RequirePermission(Permissions.ComplianceWrite);
        group.MapGet("/flags", ListFlags)
            .WithSummary("Your flags (filters: status, severity, entity_type, entity_id, reason_code; sort: -created_at (default), created_at, -risk_score).")
            .RequirePermission(Permissions.ComplianceRead);
        // A literal segment outranks a parameter in ASP.NET Core routing, so /flags/analytics never reaches /flags/{id}.
        group.MapGet("/flags/analytics", FlagAnalytics)
            .WithSummary("Counts of your flags by status, severity, reason and entity type; median hours to a decision (start_date, end_date).")
            .RequirePermission(Permissions.ComplianceRead);
        group.MapGet("/flags/{id}", GetFlag).WithSummary("One flag with its full history.").RequirePermission(Permissions.ComplianceRead);
        group.MapPatch("/flags/{id}/status", UpdateFlagStatus)
            .Accepts<FlagStatusRequest>("application/json")
            .WithSummary("Decide a flag: resolved releases a held transfer to the ledger, closed rejects it, escalated keeps it held. Recorded with your key id and the time.")
            .RequirePermission(Permissions.ComplianceWrite);
        group.MapGet("/reports", Reports)
            .WithSummary("Verifications and flags per period × country × risk level (period daily|weekly|monthly, start_date, end_date, country, risk_level).")
            .RequirePermission(Permissions.ComplianceRead);
        return app;
    }

    private static async Task<Results<Created<SuccessEnvelope<VerificationResource>>, ContentHttpResult>> VerifyId(HttpContext http, IClusterClient orleans)
    {
        var principal = http.Principal();
        var body = await JsonBody.ReadAsync(http.Request, http.RequestAborted);
        var accountId = body.RequiredString("account_id", 64);
        var verificationType = body.RequiredChoice("verification_type", ComplianceNames.VerificationTypes);
        var firstName = body.RequiredString("first_name", 100);
        var lastName = body.RequiredString("last_name", 100);
        var dateOfBirth = body.RequiredDate("date_of_birth");
        var documentType = body.RequiredChoice("document_type", ComplianceNames.DocumentTypes);
        var documentNumber = body.RequiredRawString("document_number", 64);
        var documentCountry = body.RequiredString("document_country", 2);
        var mrz = body.OptionalRawString("mrz", 100);
        body.RejectUnknownFields();
        if (!RowellIds.IsValid(accountId, RowellIds.Account))
        {
            throw RowellException.Validation("account_id", "account_id must be one of your acc_ ids.");
        }
        if (!CountryCode().IsMatch(documentCountry))
        {
            throw RowellException.Validation("document_country", "document_country must be an ISO 3166-1 alpha-2 code such as NG.");
        }
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        if (dateOfBirth > today || dateOfBirth < new DateOnly(1900, 1, 1))
        {
            throw RowellException.Validation("date_of_birth", "date_of_birth must be a past date after 1900-01-01.");
        }
        if (mrz is not null && documentType != "passport")
        {
            throw RowellException.Validation("mrz", "mrz is read for document_type passport only.");
        }
        var cache = http.RequestServices.GetRequiredService<AccountReadCache>();
        if (await cache.GetAsync(orleans, accountId, principal.DeveloperId) is { } account)
        {
            principal.EnsureEnvironment(account.Environment, $"account {accountId}");
        }
        var command = new VerifyIdCommand(principal.DeveloperId, accountId, verificationType, firstName, lastName, dateOfBirth,
            documentType, documentNumber, documentCountry, mrz);
        return await Idempotency.CreateAsync(http, orleans, body, ComplianceNames.VerificationPrefix, async id =>
        {
            var view = await orleans.GetGrain<IVerificationGrain>(id).Verify(command, http.RequestAborted);
            // kyc_status changed: read-your-writes on this instance.
            cache.Forget(accountId);
            return VerificationResource.From(view);
        });
    }

    private static async Task<Ok<SuccessEnvelope<VerificationResource>>> GetVerification(string id, HttpContext http, IClusterClient orleans)
    {
        var principal = http.Principal();
        var view = RowellIds.IsValid(id, ComplianceNames.VerificationPrefix) ? await orleans.GetGrain<IVerificationGrain>(id).Get(principal.DeveloperId) : null;
        if (view is null)
        {
            throw RowellException.NotFound("Verification");
        }
        principal.EnsureEnvironment(view.Environment, $"verification {id}");
        return EnvelopeResults.Ok(VerificationResource.From(view));
    }

    private static async Task<Ok<SuccessEnvelope<ListResponse<VerificationResource>>>> ListVerifications(HttpContext http, IClusterClient orleans)
    {
        var principal = http.Principal();
        var filter = new VerificationFilter(principal.Environment(),
            ListQuery.String(http.Request, "account_id"),
            Choice(http, "status", ComplianceNames.VerificationStatuses),
            Choice(http, "document_type", ComplianceNames.DocumentTypes),
            Choice(http, "risk_level", ComplianceNames.RiskLevels));
        var page = await orleans.GetGrain<IComplianceQueryGrain>(0).Verifications(principal.DeveloperId, filter, ListQuery.Page(http.Request), http.RequestAborted);
        return EnvelopeResults.Ok(new ListResponse<VerificationResource>(page.Items.Select(VerificationResource.From).ToList(), page.HasMore, page.NextCursor));
    }

    private static async Task<Results<Created<SuccessEnvelope<FlagResource>>, ContentHttpResult>> FlagTransaction(HttpContext http, IClusterClient orleans)
    {
        var principal = http.Principal();
        var body = await JsonBody.ReadAsync(http.Request, http.RequestAborted);
        var transferId = body.RequiredString("transfer_id", 64);
        var reason = body.RequiredString("reason", 500);
        var severity = body.OptionalChoice("severity", ComplianceNames.Severities);
        body.RejectUnknownFields();
        if (!RowellIds.IsValid(transferId, RowellIds.Transfer))
        {
            throw RowellException.Validation("transfer_id", "transfer_id must be one of your tr_ ids.");
        }
        var transfer = await orleans.GetGrain<Rowell.Abstractions.Transfers.ITransferGrain>(transferId).Get(principal.DeveloperId)
            ?? throw new RowellException(ErrorCodes.NotFound, "transfer_id is not one of your transfers.", "transfer_id");
        principal.EnsureEnvironment(transfer.Environment, $"transfer {transferId}");
        var command = new FlagTransferCommand(principal.DeveloperId, transferId, reason, severity, principal.KeyId);
        return await Idempotency.CreateAsync(http, orleans, body, ComplianceNames.FlagPrefix,
            async id => FlagResource.From(await orleans.GetGrain<IFlagGrain>(id).FlagTransfer(command, http.RequestAborted)));
    }

    private static async Task<Ok<SuccessEnvelope<ListResponse<FlagResource>>>> ListFlags(HttpContext http, IClusterClient orleans)
    {
        var principal = http.Principal();
        var filter = new FlagFilter(principal.Environment(),
            Choice(http, "status", ComplianceNames.FlagStatuses),
            Choice(http, "severity", ComplianceNames.Severities),
            Choice(http, "entity_type", ComplianceNames.EntityTypes),
            ListQuery.String(http.Request, "entity_id"),
            Choice(http, "sort", ComplianceNames.FlagSorts) ?? "-created_at",
            ListQuery.String(http.Request, "reason_code"));
        var page = await orleans.GetGrain<IComplianceQueryGrain>(0).Flags(principal.DeveloperId, filter, ListQuery.Page(http.Request), http.RequestAborted);
        return EnvelopeResults.Ok(new ListResponse<FlagResource>(page.Items.Select(FlagResource.From).ToList(), page.HasMore, page.NextCursor));
    }

    private static async Task<Ok<SuccessEnvelope<FlagAnalyticsView>>> FlagAnalytics(HttpContext http, IClusterClient orleans)
    {
        var principal = http.Principal();
        var (start, end) = (Date(http, "start_date"), Date(http, "end_date"));
        var from = start is { } s ? new DateTimeOffset(s.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : (DateTimeOffset?)null;
        var to = end is { } e ? new DateTimeOffset(e.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : (DateTimeOffset?)null;
        if (from > to)
        {
            throw RowellException.Validation("end_date", "end_date must not be before start_date.");
        }
        return EnvelopeResults.Ok(await orleans.GetGrain<IComplianceQueryGrain>(0).FlagAnalytics(principal.DeveloperId, principal.Environment(), from, to, http.RequestAborted));
    }

    private static async Task<Ok<SuccessEnvelope<FlagResource>>> GetFlag(string id, HttpContext http, IClusterClient orleans) =>
        EnvelopeResults.Ok(FlagResource.From(await FindFlagAsync(id, http, orleans)));

    private static async Task<Ok<SuccessEnvelope<FlagResource>>> UpdateFlagStatus(string id, HttpContext http, IClusterClient orleans)
    {
        var principal = http.Principal();
        var body = await JsonBody.ReadAsync(http.Request, http.RequestAborted);
        var status = body.RequiredChoice("status", ComplianceNames.ReviewStatuses);
        var notes = body.OptionalString("notes", 2000);
        body.RejectUnknownFields();
        await FindFlagAsync(id, http, orleans);
        var flag = await orleans.GetGrain<IFlagGrain>(id).UpdateStatus(new UpdateFlagStatusCommand(principal.DeveloperId, status, notes, principal.KeyId), http.RequestAborted);
        return EnvelopeResults.Ok(FlagResource.From(flag));
    }

    private static async Task<Ok<SuccessEnvelope<ReportResponse>>> Reports(HttpContext http, IClusterClient orleans)
    {
        var principal = http.Principal();
        var period = Choice(http, "period", ["daily", "weekly", "monthly"]) ?? "daily";
        var end = Date(http, "end_date") ?? DateOnly.FromDateTime(DateTime.UtcNow);
        var start = Date(http, "start_date") ?? end.AddDays(-29);
        if (start > end)
        {
            throw RowellException.Validation("end_date", "end_date must not be before start_date.");
        }
        if (end.DayNumber - start.DayNumber > 366)
        {
            throw RowellException.Validation("start_date", "A report covers at most 366 days.");
        }
        var country = ListQuery.String(http.Request, "country");
        if (country is not null && !CountryCode().IsMatch(country))
        {
            throw RowellException.Validation("country", "country must be an ISO 3166-1 alpha-2 code such as NG.");
        }
        var query = new ComplianceReportQuery(principal.Environment(), period, start, end, country, Choice(http, "risk_level", ComplianceNames.RiskLevels));
        var rows = await orleans.GetGrain<IComplianceQueryGrain>(0).Reports(principal.DeveloperId, query, http.RequestAborted);
        return EnvelopeResults.Ok(new ReportResponse(period, start, end, rows));
    }

    private static async Task<FlagView> FindFlagAsync(string id, HttpContext http, IClusterClient orleans)
    {
        var principal = http.Principal();
        var flag = RowellIds.IsValid(id, ComplianceNames.FlagPrefix) ? await orleans.GetGrain<IFlagGrain>(id).Get(principal.DeveloperId) : null;
        if (flag is null)
        {
            throw RowellException.NotFound("Flag");
        }
        principal.EnsureEnvironment(flag.Environment, $"flag {id}");
        return flag;
    }

    private static string? Choice(HttpContext http, string name, IReadOnlyList<string> allowed)
    {
        var raw = ListQuery.String(http.Request, name);
        return raw is null || allowed.Contains(raw, StringComparer.Ordinal)
            ? raw
            : throw RowellException.Validation(name, $"{name} must be one of {string.Join(", ", allowed)}.");
    }

    private static DateOnly? Date(HttpContext http, string name)
    {
        var raw = ListQuery.String(http.Request, name);
        if (raw is null)
        {
            return null;
        }
        return DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw RowellException.Validation(name, $"{name} must be a date written YYYY-MM-DD.");
    }

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryCode();
}

public sealed record VerifyIdRequest(string AccountId, string VerificationType, string FirstName, string LastName, string DateOfBirth,
    string DocumentType, string DocumentNumber, string DocumentCountry, string? Mrz);

public sealed record FlagTransactionRequest(string TransferId, string Reason, string? Severity);

public sealed record FlagStatusRequest(string Status, string? Notes);

public sealed record ReportResponse(string Period, DateOnly StartDate, DateOnly EndDate, IReadOnlyList<ComplianceReportRow> Items);
