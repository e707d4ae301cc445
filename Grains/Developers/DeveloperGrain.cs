using System.Globalization;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Developers;

namespace Rowell.Grains.Developers;

public sealed class DeveloperGrain(
    [PersistentState("developer")] IPersistentState<DeveloperState> state,
    TimeProvider time) : Grain, IDeveloperGrain
{
    public const int MaxKeys = 50;
    public const int UsageDaysKept = 90;
    /// <summary>Distinct endpoints kept per day: route templates are a small fixed set, this only bounds a bug.</summary>
    public const int MaxEndpointsPerDay = 500;

    /// <summary>The first key may do everything a test key can.</summary>
    public static IReadOnlyList<string> AllPermissions => Permissions.All;

    private string Id => this.GetPrimaryKeyString();

    public async Task<Registration> Register(RegisterDeveloperCommand command)
    {
        if (state.RecordExists)
        {
            throw new RowellException(ErrorCodes.Conflict, $"Developer {Id} already exists.");
        }
        var email = command.Email.Trim().ToLowerInvariant();
        var owner = await GrainFactory.GetGrain<IDeveloperEmailGrain>(email).Claim(Id);
        if (owner != Id)
        {
            throw new RowellException(ErrorCodes.Conflict, "A developer with this email is already registered.");
        }

        var keyId = RowellIds.New(RowellIds.ApiKey);
        var issued = await GrainFactory.GetGrain<IApiKeyGrain>(keyId).Issue(
            new ApiKeySpec(Id, "Default test key", ApiKeyModes.Test, AllPermissions, null, Tiers.Free, null));
        state.State = new DeveloperState
        {
            Email = email,
            FirstName = command.FirstName,
            LastName = command.LastName,
            Company = command.Company,
            CountryCode = command.CountryCode,
            ApiKeyIds = { keyId },
            CreatedAt = time.GetUtcNow(),
        };
        await state.WriteStateAsync();
        return new Registration(View(), issued);
    }

    public Task<DeveloperView?> Get() => Task.FromResult(state.RecordExists ? View() : null);

    public async Task<IssuedApiKey> CreateApiKey(CreateApiKeyCommand command)
    {
        EnsureExists();
        if (string.IsNullOrWhiteSpace(command.Name) || command.Name.Length > 100)
        {
            throw RowellException.Validation("name", "name is required (at most 100 characters).");
        }
        if (command.Mode is not (ApiKeyModes.Test or ApiKeyModes.Live))
        {
            throw RowellException.Validation("mode", "mode must be one of test, live.");
        }
        foreach (var p in command.Permissions)
        {
            if (!Permissions.All.Contains(p))
            {
                throw RowellException.Validation("permissions", $"Unknown permission '{p}': one of {string.Join(", ", Permissions.All)}.");
            }
        }
        if (command.Permissions.Count == 0)
        {
            throw RowellException.Validation("permissions", "permissions must name at least one permission.");
        }
        if (command.ExpiresAt is { } expires && expires <= time.GetUtcNow())
        {
            throw RowellException.Validation("expires_at", "expires_at must be in the future.");
        }
        // Revoked keys stay listed (audit), so the cap counts only live ones.
        var views = await ListApiKeys();
        if (views.Count(k => k.RevokedAt is null) >= MaxKeys)
        {
            throw new RowellException(ErrorCodes.Conflict, $"A developer may hold at most {MaxKeys} active keys: revoke one first.");
        }

        var keyId = RowellIds.New(RowellIds.ApiKey);
        // Recorded before issuing: a crash in between leaves an id whose grain has no state, which lists as nothing.
        state.State.ApiKeyIds.Add(keyId);
        await state.WriteStateAsync();
        return await GrainFactory.GetGrain<IApiKeyGrain>(keyId).Issue(new ApiKeySpec(
            Id, command.Name.Trim(), command.Mode, command.Permissions.Distinct().ToList(), command.ExpiresAt,
            state.State.Tier, state.State.CustomRateLimit));
    }

    public async Task<IReadOnlyList<ApiKeyView>> ListApiKeys()
    {
        EnsureExists();
        var views = await Task.WhenAll(state.State.ApiKeyIds.Select(id => GrainFactory.GetGrain<IApiKeyGrain>(id).Get()));
        return views.OfType<ApiKeyView>().OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id, StringComparer.Ordinal).ToList();
    }

    public async Task<ApiKeyView> RevokeApiKey(string keyId)
    {
        EnsureExists();
        if (!state.State.ApiKeyIds.Contains(keyId))
        {
            throw RowellException.NotFound("API key");
        }
        return await GrainFactory.GetGrain<IApiKeyGrain>(keyId).Revoke();
    }

    public async Task<DeveloperView> SetTier(string tier, int? customRateLimit)
    {
        EnsureExists();
        if (!Tiers.All.Contains(tier))
        {
            throw RowellException.Validation("tier", $"tier must be one of {string.Join(", ", Tiers.All)}.");
        }
        if (customRateLimit is not null && (tier != Tiers.Enterprise || customRateLimit is < 1 or > 1_000_000))
        {
            throw RowellException.Validation("rate_limit", "rate_limit (requests per minute, 1 to 1000000) is only for the enterprise tier.");
        }
        state.State.Tier = tier;
        state.State.CustomRateLimit = customRateLimit;
        await state.WriteStateAsync();
        // Keys carry the tier so authentication stays one grain call; API caches pick it up within 5 s.
        await Task.WhenAll(state.State.ApiKeyIds.Select(id => GrainFactory.GetGrain<IApiKeyGrain>(id).SetTier(tier, customRateLimit)));
        return View();
    }

    public async Task RecordUsage(IReadOnlyList<UsageCount> counts)
    {
        if (!state.RecordExists || counts.Count == 0)
        {
            return;
        }
        foreach (var c in counts)
        {
            if (!state.State.Usage.TryGetValue(c.Day, out var day))
            {
                state.State.Usage[c.Day] = day = new DayUsageState();
            }
            day.Requests += c.Requests;
            day.RateLimited += c.RateLimited;
            if (day.Endpoints.ContainsKey(c.Endpoint) || day.Endpoints.Count < MaxEndpointsPerDay)
            {
                day.Endpoints[c.Endpoint] = day.Endpoints.GetValueOrDefault(c.Endpoint) + c.Requests;
            }
        }
        var oldest = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-UsageDaysKept).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var day in state.State.Usage.Keys.Where(d => string.CompareOrdinal(d, oldest) < 0).ToList())
        {
            state.State.Usage.Remove(day);
        }
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<UsageDay>> GetUsage(int days)
    {
        EnsureExists();
        IReadOnlyList<UsageDay> result = state.State.Usage
            .OrderByDescending(kv => kv.Key, StringComparer.Ordinal)
            .Take(Math.Clamp(days, 1, UsageDaysKept))
            .Select(kv => new UsageDay(kv.Key, kv.Value.Requests, kv.Value.RateLimited,
                kv.Value.Endpoints.OrderByDescending(e => e.Value).ToDictionary(e => e.Key, e => e.Value)))
            .ToList();
        return Task.FromResult(result);
    }

    private void EnsureExists()
    {
        if (!state.RecordExists)
        {
            throw RowellException.NotFound("Developer");
        }
    }

    private DeveloperView View() => new(Id, state.State.Email, state.State.FirstName, state.State.LastName,
        state.State.Company, state.State.CountryCode, state.State.Tier, state.State.CreatedAt, state.State.CustomRateLimit);
}
