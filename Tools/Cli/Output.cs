using System.Text.Json;
using Rowell.Client;
using Spectre.Console;

namespace Rowell.Cli;

/// <summary>Tables for people, JSON for scripts: one call prints either.</summary>
public static class Output
{
    public static async Task<int> EmitAsync<T>(CliRun run, System.CommandLine.ParseResult pr, T data, Action<IAnsiConsole> render)
    {
        if (run.IsJson(pr))
        {
            await run.Context.Out.WriteLineAsync(JsonSerializer.Serialize(data, RowellJson.Indented));
        }
        else
        {
            render(run.Context.Console);
        }
        return ExitCodes.Ok;
    }

    public static Table Table(params string[] headers)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var h in headers)
        {
            table.AddColumn(new TableColumn(new Text(h)));
        }
        return table;
    }

    /// <summary>Cells as plain text: ids and user data are never parsed as markup.</summary>
    public static void Row(this Table table, params string?[] cells) =>
        table.AddRow(cells.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(c ?? "")).ToArray());

    /// <summary>A two-column key/value grid for one object.</summary>
    public static Table Details(params (string Key, string? Value)[] rows)
    {
        var table = Table("field", "value");
        foreach (var (k, v) in rows)
        {
            table.Row(k, v);
        }
        return table;
    }

    public static string When(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "";

    public static void More(IAnsiConsole console, bool hasMore, string? cursor)
    {
        if (hasMore && cursor is not null)
        {
            console.WriteLine($"more: --starting-after {cursor}");
        }
    }
}
