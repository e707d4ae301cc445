using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Transfers;

namespace Rowell.Grains.Sandbox;

/// <summary>
/// What a simulation creates, item by item, as a pure function of the simulation id, its sizes and the
/// country list stored when it started. Nothing here is random at run time: after a crash, step N is
/// recomputed identically, names the same account or transfer id, and the idempotent Create of that
/// grain returns the existing resource instead of making a second one.
/// </summary>
public sealed class SimulationPlan
{
    private static readonly AccountType[] Types = Enum.GetValues<AccountType>();

    private readonly string _simulationId;
    private readonly string _developerId;
    private readonly int _accounts;
    private readonly IReadOnlyList<string> _countries;
    private readonly int[] _stellar;
    private readonly int[] _hedera;

    public SimulationPlan(string simulationId, string developerId, int accounts, IReadOnlyList<string> countries)
    {
        if (accounts < 2 || countries.Count == 0)
        {
            throw new ArgumentException("A simulation needs at least two accounts and one country.");
        }
        _simulationId = simulationId;
        _developerId = developerId;
        _accounts = accounts;
        _countries = countries;
        var indices = Enumerable.Range(0, accounts).ToArray();
        _stellar = indices.Where(i => NetworkOf(i) == Network.Stellar).ToArray();
        _hedera = indices.Where(i => NetworkOf(i) == Network.Hedera).ToArray();
    }

    /// <summary>Mostly Stellar, every fourth Hedera, so both networks carry traffic; accounts 0-2 are always Stellar.</summary>
    public static Network NetworkOf(int index) => index % 4 == 3 ? Network.Hedera : Network.Stellar;

    public string AccountId(int index) => RowellIds.Derive(RowellIds.Account, $"{_simulationId}/account/{index}");

    public string TransferId(int index) => RowellIds.Derive(RowellIds.Transfer, $"{_simulationId}/transfer/{index}");

    public CreateAccountCommand Account(int index)
    {
        var draw = Draws($"account/{index}");
        var metadata = new Dictionary<string, string>
        {
            ["simulated"] = "true",
            ["simulation_id"] = _simulationId,
            ["customer_ref"] = $"sim-{index + 1:000}",
        };
        return new CreateAccountCommand(_developerId, NetworkOf(index), LedgerEnvironment.Testnet,
            Types[draw[0] % Types.Length], CountryOf(index), metadata);
    }

    public CreateTransferCommand Transfer(int index)
    {
        var draw = Draws($"transfer/{index}");
        var from = (int)(draw[0] % (uint)_accounts);
        // Transfers stay within a network. A lone Hedera account has no peer: send between Stellar accounts instead.
        var network = (NetworkOf(from) == Network.Stellar ? _stellar : _hedera).Where(i => i != from).ToArray();
        if (network.Length == 0)
        {
            from = _stellar[0];
            network = _stellar[1..];
        }
        var to = network[draw[1] % (uint)network.Length];
        // Realistic remittance sizes in USDC, a few in the native asset.
        var native = draw[2] % 5 == 0;
        var asset = native ? (NetworkOf(from) == Network.Stellar ? "XLM" : "HBAR") : "USDC";
        var amount = native ? 1 + draw[3] % 49 : (500 + draw[3] % 14_500) / 100m;
        return new CreateTransferCommand(_developerId, AccountId(from), AccountId(to), asset, amount, $"sim {index + 1}",
            new Dictionary<string, string> { ["simulated"] = "true", ["simulation_id"] = _simulationId },
            CountryOf(from), CountryOf(to));
    }

    private string CountryOf(int account) => _countries[(int)(Draws($"account/{account}")[1] % (uint)_countries.Count)];

    /// <summary>Eight uniform 32-bit draws for one item, from SHA-256 of the simulation id and the item.</summary>
    private uint[] Draws(string item)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{_simulationId}/{item}"));
        var draws = new uint[hash.Length / 4];
        for (var i = 0; i < draws.Length; i++)
        {
            draws[i] = BinaryPrimitives.ReadUInt32LittleEndian(hash.AsSpan(i * 4));
        }
        return draws;
    }
}
