using System.CommandLine;
using Rowell.Client.Models;

namespace Rowell.Cli.Commands;

/// <summary>Small builders so each command reads as its options and one action.</summary>
internal static class Opt
{
    public static Option<string> Required(string name, string description) => new(name) { Description = description, Required = true };

    public static Option<string?> Optional(string name, string description) => new(name) { Description = description };

    public static Argument<string> Id(string name, string description) => new(name) { Description = description };

    public static Command With(this Command command, params Symbol[] symbols)
    {
        foreach (var s in symbols)
        {
            switch (s)
            {
                case Option o: command.Add(o); break;
                case Argument a: command.Add(a); break;
                case Command c: command.Add(c); break;
            }
        }
        return command;
    }
}

/// <summary>--limit, --starting-after and --all for a list command.</summary>
internal sealed class PageOpts
{
    public Option<int?> Limit { get; } = new("--limit") { Description = "Items per page (1-100, default 20)." };
    public Option<string?> StartingAfter { get; } = new("--starting-after") { Description = "Cursor: the last id of the previous page." };
    public Option<bool> All { get; } = new("--all") { Description = "Follow the cursor through every page." };

    public Symbol[] Symbols => [Limit, StartingAfter, All];

    public PageOptions Page(ParseResult pr) => new(pr.GetValue(Limit), pr.GetValue(StartingAfter));

    public bool WantsAll(ParseResult pr) => pr.GetValue(All);

    /// <summary>One page, or every page collected when --all.</summary>
    public async Task<Page<T>> FetchAsync<T>(ParseResult pr, Func<PageOptions, Task<Page<T>>> one, Func<IAsyncEnumerable<T>> all)
    {
        if (!WantsAll(pr))
        {
            return await one(Page(pr));
        }
        var items = new List<T>();
        await foreach (var item in all())
        {
            items.Add(item);
        }
        return new Page<T>(items, false, null);
    }
}
