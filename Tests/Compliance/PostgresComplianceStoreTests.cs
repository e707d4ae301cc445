using Npgsql;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Compliance;
using Rowell.Grains.Compliance.Documents;
using Rowell.Grains.Compliance.Storage;
using Rowell.Grains.Events;
using Rowell.Grains.Storage;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Compliance;

/// <summary>The Postgres compliance store against a real database with the shipped schema.</summary>
public sealed class PostgresComplianceStoreTests : IAsyncLifetime
{
    private string _cs = "";
    private NpgsqlDataSource _db = null!;
    private PostgresComplianceStore _store = null!;
    private readonly DocumentVault _vault = new(TestSettings.SecretKey);
    private readonly string _dev = RowellIds.New(RowellIds.Developer);

    public async Task InitializeAsync()
    {
        _cs = await TestPostgres.CreateDatabaseAsync("compliance");
        await PostgresSchema.ApplyAsync(_cs);
        _db = NpgsqlDataSource.Create(_cs);
        _store = new PostgresComplianceStore(_db);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private VerificationRecord Verification(string account, string status, DateTimeOffset at, string number = "22212345678")
    {
        var id = RowellIds.New(ComplianceNames.VerificationPrefix);
        return new VerificationRecord
        {
            View = new VerificationView(id, _dev, account, LedgerEnvironment.Testnet, "individual", status, 10, "low",
                [new ReasonView("document_format_valid", "ok")], [], "bvn", "NG", DocumentVault.Mask(number), null, null, at),
            Fingerprint = "f",
            FullName = "Amara Okeke",
            DateOfBirth = new DateOnly(1990, 7, 15),
            SealedDocumentNumber = _vault.Seal(id, number),
        };
    }

    private FlagState Flag(string entity, int risk, DateTimeOffset at, string status = "active") => new()
    {
        View = new FlagView(RowellIds.New(ComplianceNames.FlagPrefix), _dev, LedgerEnvironment.Testnet, "transfer", entity, "why", "medium", status,
            risk, risk >= 70 ? "high" : "low", [], null, "NG", [new FlagHistoryEntry(status, "system:screening", at, "why")], at, at, "high_risk"),
    };

    private DomainEvent Event(string aggregate, int seq, string type) =>
        new(RowellIds.New(RowellIds.Event), _dev, EventModes.Test, aggregate, seq, type, "{\"id\":\"" + aggregate + "\"}", DateTimeOffset.UtcNow);

    private Task<long> CountAsync(string sql) => TestPostgres.ScalarAsync<long>(_cs, sql);

    [Fact]
    public async Task A_verification_its_flag_and_its_events_commit_together_and_the_number_is_sealed()
    {
        var account = RowellIds.New(RowellIds.Account);
        var v = Verification(account, "rejected", DateTimeOffset.UtcNow);
        var flag = Flag(account, 90, DateTimeOffset.UtcNow);
        Assert.True(await _store.InsertVerificationAsync(v, flag, [Event(v.View.Id, 1, "account.kyc_updated"), Event(flag.View.Id, 1, "compliance.flag_raised")], default));

        var loaded = await _store.GetVerificationAsync(v.View.Id, default);
        Assert.Equal(v.View.DocumentNumberMasked, loaded!.View.DocumentNumberMasked);
        Assert.Equal("22212345678", _vault.Open(v.View.Id, loaded.SealedDocumentNumber));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM rowell_kyc_verifications WHERE record::text LIKE '%22212345678%'"));
        var stored = (await _store.GetFlagAsync(flag.View.Id, default))!.Value;
        Assert.Equal(1, stored.Version);
        Assert.Equal(flag.View.EntityId, stored.State.View.EntityId);
        Assert.Equal(2, await CountAsync($"SELECT count(*) FROM rowell_events WHERE aggregate_id IN ('{v.View.Id}', '{flag.View.Id}') AND mode = 'test'"));

        // The same id again changes nothing: no second row, no events.
        var again = Verification(account, "verified", DateTimeOffset.UtcNow);
        again.View = again.View with { Id = v.View.Id };
        Assert.False(await _store.InsertVerificationAsync(again, null, [Event(v.View.Id, 2, "account.kyc_updated")], default));
        Assert.Equal(1, await CountAsync($"SELECT count(*) FROM rowell_events WHERE aggregate_id = '{v.View.Id}'"));
        Assert.Equal("rejected", (await _store.GetVerificationAsync(v.View.Id, default))!.View.Status);
    }

    [Fact]
    public async Task The_latest_identity_and_verification_lists_with_filters_and_cursors()
    {
        var account = RowellIds.New(RowellIds.Account);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
        var older = Verification(account, "verified", t0);
        var newer = Verification(account, "rejected", t0.AddMinutes(1));
        var otherAccount = Verification(RowellIds.New(RowellIds.Account), "verified", t0.AddMinutes(2));
        foreach (var v in new[] { older, newer, otherAccount })
        {
            Assert.True(await _store.InsertVerificationAsync(v, null, [], default));
        }
        Assert.Equal(newer.View.Id, (await _store.LatestIdentityAsync(account, default))!.View.Id);
        var mine = await _store.ListVerificationsAsync(_dev, new VerificationFilter(LedgerEnvironment.Testnet, AccountId: account), new PageRequest(1, null, null), default);
        Assert.Equal(newer.View.Id, Assert.Single(mine.Items).Id);
        Assert.True(mine.HasMore);
        var next = await _store.ListVerificationsAsync(_dev, new VerificationFilter(LedgerEnvironment.Testnet, AccountId: account), new PageRequest(10, mine.NextCursor, null), default);
        Assert.Equal(older.View.Id, Assert.Single(next.Items).Id);
        var verified = await _store.ListVerificationsAsync(_dev, new VerificationFilter(Status: "verified"), new PageRequest(10, null, null), default);
        Assert.Equal([otherAccount.View.Id, older.View.Id], verified.Items.Select(v => v.Id));
        Assert.Empty((await _store.ListVerificationsAsync(RowellIds.New(RowellIds.Developer), new VerificationFilter(), new PageRequest(10, null, null), default)).Items);
        await Assert.ThrowsAsync<RowellException>(() => _store.ListVerificationsAsync(RowellIds.New(RowellIds.Developer), new VerificationFilter(), new PageRequest(10, older.View.Id, null), default));
        Assert.Equal(3, (await _store.VerificationsCreatedAsync(_dev, LedgerEnvironment.Testnet, t0, t0.AddMinutes(3), default)).Count);
        Assert.Equal(2, (await _store.VerificationsCreatedAsync(_dev, LedgerEnvironment.Testnet, t0.AddSeconds(1), null, default)).Count);
    }

    [Fact]
    public async Task Flag_writes_are_version_checked_and_each_commits_its_event()
    {
        var flag = Flag(RowellIds.New(RowellIds.Transfer), 50, DateTimeOffset.UtcNow);
        Assert.Equal(1, await _store.SaveFlagAsync(flag, 0, [Event(flag.View.Id, 1, "compliance.flag_raised")], default));
        await Assert.ThrowsAsync<FlagVersionConflictException>(() => _store.SaveFlagAsync(flag, 0, [Event(flag.View.Id, 9, "compliance.flag_raised")], default));
        var resolved = new FlagState
        {
            View = flag.View with { Status = "resolved", History = [.. flag.View.History, new FlagHistoryEntry("resolved", "key_x", DateTimeOffset.UtcNow, "ok")] },
            PendingTransferAction = "release",
        };
        Assert.Equal(2, await _store.SaveFlagAsync(resolved, 1, [Event(flag.View.Id, 2, "compliance.flag_updated")], default));
        // A stale writer loses and leaves no event behind.
        await Assert.ThrowsAsync<FlagVersionConflictException>(() => _store.SaveFlagAsync(resolved, 1, [Event(flag.View.Id, 3, "compliance.flag_updated")], default));
        var (state, version) = (await _store.GetFlagAsync(flag.View.Id, default))!.Value;
        Assert.Equal(2, version);
        Assert.Equal("release", state.PendingTransferAction);
        Assert.Equal(["active", "resolved"], state.View.History.Select(h => h.Status));
        Assert.Equal(2, await CountAsync($"SELECT count(*) FROM rowell_events WHERE aggregate_id = '{flag.View.Id}'"));
        Assert.Equal("resolved", await TestPostgres.ScalarAsync<string>(_cs, $"SELECT status FROM rowell_compliance_flags WHERE id = '{flag.View.Id}'"));
    }

    [Fact]
    public async Task Flag_lists_filter_sort_and_page_in_every_order()
    {
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
        var flags = new[] { Flag("tr_a", 30, t0), Flag("tr_b", 90, t0.AddMinutes(1)), Flag("tr_c", 60, t0.AddMinutes(2), "resolved"), Flag("tr_d", 90, t0.AddMinutes(3)) };
        foreach (var f in flags)
        {
            await _store.SaveFlagAsync(f, 0, [], default);
        }
        async Task<List<string>> All(string sort, FlagFilter? filter = null)
        {
            var ids = new List<string>();
            string? cursor = null;
            do
            {
                var page = await _store.ListFlagsAsync(_dev, (filter ?? new FlagFilter()) with { Sort = sort }, new PageRequest(1, cursor, null), default);
                ids.AddRange(page.Items.Select(f => f.EntityId));
                cursor = page.HasMore ? page.NextCursor : null;
            }
            while (cursor is not null);
            return ids;
        }
        Assert.Equal(["tr_d", "tr_c", "tr_b", "tr_a"], await All("-created_at"));
        Assert.Equal(["tr_a", "tr_b", "tr_c", "tr_d"], await All("created_at"));
        Assert.Equal(["tr_d", "tr_b", "tr_c", "tr_a"], await All("-risk_score"));
        Assert.Equal(["tr_d", "tr_b", "tr_a"], await All("-risk_score", new FlagFilter(Status: "active")));
        Assert.Equal(["tr_b"], await All("-created_at", new FlagFilter(EntityId: "tr_b")));

        // Backwards from the last of the risk order returns the ones before it.
        var back = await _store.ListFlagsAsync(_dev, new FlagFilter(Sort: "-risk_score"), new PageRequest(2, null, flags[0].View.Id), default);
        Assert.Equal(["tr_b", "tr_c"], back.Items.Select(f => f.EntityId));
        Assert.True(back.HasMore);

        // Both stores order the same way.
        var memory = new InMemoryComplianceStore();
        foreach (var f in flags)
        {
            await memory.SaveFlagAsync(f, 0, [], default);
        }
        var inMemory = await memory.ListFlagsAsync(_dev, new FlagFilter(Sort: "-risk_score"), new PageRequest(2, null, flags[0].View.Id), default);
        Assert.Equal(back.Items.Select(f => f.Id), inMemory.Items.Select(f => f.Id));
        Assert.Equal(4, (await _store.FlagsCreatedAsync(_dev, LedgerEnvironment.Testnet, null, null, default)).Count);
    }
}
