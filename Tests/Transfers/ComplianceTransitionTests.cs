using Rowell.Abstractions.Common;
using Rowell.Abstractions.Transfers;
using Rowell.Grains.Compliance;
using Rowell.Grains.Hosting;
using Rowell.Tests.Infrastructure;
using static Rowell.Tests.Transfers.TransferTestKit;

namespace Rowell.Tests.Transfers;

/// <summary>A cluster whose screening policy reviews large XLM payments and blocks one address.</summary>
public sealed class ScreenedClusterFixture : ClusterFixture
{
    public const string Blocked = "GDLVVGABQKYQVN6VJP7NHSLEA45A5YLS6PNKMIZFV4BBU2HXA5IRVHUR";

    protected override RowellSettings Configure(RowellSettings settings) =>
        settings with { ComplianceReviewAbove = "XLM:1000", ComplianceBlocked = Blocked };
}

public sealed class ComplianceTransitionTests(ScreenedClusterFixture fixture) : IClassFixture<ScreenedClusterFixture>
{
    [Fact]
    public async Task A_blocked_destination_is_rejected_before_anything_moves()
    {
        var dev = RowellIds.New(RowellIds.Developer);
        var alice = await NewAccountAsync(fixture.Client, dev);
        var grain = NewTransfer(fixture.Client);
        var e = await Assert.ThrowsAsync<RowellException>(() => grain.Create(Pay(dev, alice, ScreenedClusterFixture.Blocked, "1")));
        Assert.Equal(ErrorCodes.ComplianceRejected, e.Code);
        var view = await grain.Get(dev);
        Assert.Equal(TransferStatus.Rejected, view!.Status);
        Assert.Equal("rejected", view.Compliance.Status);
        Assert.Equal(100, view.Compliance.RiskScore);
        Assert.Null(view.TransactionHash);
        Assert.Equal(10_000m, await BalanceAsync(fixture.Client, alice, "XLM"));
        await Assert.ThrowsAsync<RowellException>(() => grain.Retry(dev)); // rejected is final
    }

    [Fact]
    public async Task A_large_payment_waits_in_compliance_review_and_the_sweeper_leaves_it_alone()
    {
        var dev = RowellIds.New(RowellIds.Developer);
        var alice = await NewAccountAsync(fixture.Client, dev);
        var bob = await NewAccountAsync(fixture.Client, dev);
        var grain = NewTransfer(fixture.Client);
        var view = await grain.Create(Pay(dev, alice, bob.Id, "1000.0000001"));
        Assert.Equal(TransferStatus.ComplianceReview, view.Status);
        Assert.Equal("review", view.Compliance.Status);
        Assert.Equal(10_000m, await BalanceAsync(fixture.Client, alice, "XLM"));
        Assert.DoesNotContain(view.Id, await fixture.Transfers.FindUnfinishedAsync(DateTimeOffset.UtcNow.AddHours(1), 1000, default));
        await grain.Resume();
        Assert.Equal(TransferStatus.ComplianceReview, (await grain.Get(dev))!.Status);

        var small = await NewTransfer(fixture.Client).Create(Pay(dev, alice, bob.Id, "1000"));
        Assert.Equal(TransferStatus.Submitted, small.Status);
    }

    [Theory]
    [InlineData("XLM", null)]
    [InlineData("XLM:abc", null)]
    [InlineData("XLM:-5", null)]
    public void Bad_policy_settings_are_refused_at_start(string reviewAbove, string? blocked) =>
        Assert.Throws<FormatException>(() => RuleBasedCompliance.FromSettings(reviewAbove, blocked));
}
