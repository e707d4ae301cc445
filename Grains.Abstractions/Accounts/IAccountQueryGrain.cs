using Rowell.Abstractions.Common;

namespace Rowell.Abstractions.Accounts;

/// <summary>
/// Read-model queries for account lists. A stateless worker so the API stays a pure Orleans client
/// and lists never fan out to account grains (docs/ARCHITECTURE.md: lists come from read models).
/// </summary>
[Alias("rowell.IAccountQueryGrain")]
public interface IAccountQueryGrain : IGrainWithIntegerKey
{
    [Alias("list")]
    Task<Page<AccountView>> List(string developerId, AccountFilter filter, PageRequest page, CancellationToken cancellationToken = default);
}
