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

    /// <summary>
    /// A list command's answer: the page as JSON, or a table with one row per item and the cursor of the next page.
    /// </summary>
    public static Task<int> EmitPageAsync<T>(CliRun run, System.CommandLine.ParseResult pr, Rowell.Client.Models.Page<T> page, string[] headers, Func<T, string?[]> row) =>
        EmitListAsync(run, pr, page, page.Items, page.HasMore, page.NextCursor, headers, row);

    /// <summary><see cref="EmitPageAsync"/> for any page shape (analytics pages carry their USD rate source too).</summary>
    public static Task<int> EmitListAsync<TPage, T>(CliRun run, System.CommandLine.ParseResult pr, TPage page, IReadOnlyList<T> items, bool hasMore, string? nextCursor,
        string[] headers, Func<T, string?[]> row, Action<IAnsiConsole>? footer = null) =>
        EmitAsync(run, pr, page, c =>
        {
            var table = Table(headers);
            foreach (var item in items)
            {
                table.Row(row(item));
            }
            c.Write(table);
            footer?.Invoke(c);
            More(c, hasMore, nextCursor);
        });

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
