using Npgsql;
using Orleans.Runtime;
using Rowell.Api.Infrastructure;
using Rowell.Grains.Storage;
using Rowell.Grains.Transfers;

namespace Rowell.Tests.Money;

/// <summary>
/// Which failures are "not now" (503 with Retry-After at the API, retried by the transfer grain) and which are
/// bugs or permanent refusals. Killing a silo under load used to surface Orleans' exceptions as 500s.
/// </summary>
public sealed class TransientFailuresTests
{
    public static TheoryData<Exception> NotNow => new()
    {
        new SiloUnavailableException("the silo died with the call in flight"),
        new OrleansException("the gateway connection is gone"),
        new TimeoutException("response did not arrive on time"),
        new NpgsqlException("Failed to connect to 127.0.0.1:5432"),
        new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown),
        new AggregateException(new SiloUnavailableException("inner")),
        new InvalidOperationException("wrapper", new NpgsqlException("inner connection failure")),
    };

    [Theory]
    [MemberData(nameof(NotNow))]
    public void Cluster_and_database_outages_are_503s(Exception e) => Assert.True(TransientFailures.Is(e), e.GetType().Name);

    public static TheoryData<Exception> Bugs => new()
    {
        new InvalidOperationException("a bug"),
        new NullReferenceException(),
        new PostgresException("bigint out of range", "ERROR", "ERROR", PostgresErrorCodes.NumericValueOutOfRange),
        new PostgresException("syntax error", "ERROR", "ERROR", PostgresErrorCodes.SyntaxError),
    };

    [Theory]
    [MemberData(nameof(Bugs))]
    public void Bugs_and_bad_statements_stay_500s(Exception e) => Assert.False(TransientFailures.Is(e), e.GetType().Name);

    [Fact]
    public void A_bigint_out_of_range_fails_a_transfer_for_good_while_a_lost_connection_is_retried()
    {
        var outOfRange = new PostgresException("bigint out of range", "ERROR", "ERROR", PostgresErrorCodes.NumericValueOutOfRange);
        Assert.True(PostgresErrors.IsPermanent(outOfRange));
        Assert.False(TransferFailures.IsTransient(outOfRange));
        Assert.Equal("amount_out_of_range", TransferFailures.Code(outOfRange));
        Assert.True(TransferFailures.IsTransient(new NpgsqlException("connection refused")));
        Assert.False(PostgresErrors.IsPermanent(new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)));
    }
}
