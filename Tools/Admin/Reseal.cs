using Rowell.Abstractions.Security;

namespace Rowell.Tools.Admin;

public sealed record ResealOptions(int Batch, string? Column, string? After)
{
    public static ResealOptions? Parse(string[] args)
    {
        int batch = 200;
        string? column = null, after = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--batch" when int.TryParse(value, out var n) && n is >= 1 and <= 1000:
                    batch = n;
                    i++;
                    break;
                case "--column" when value is not null:
                    column = value;
                    i++;
                    break;
                case "--after" when value is not null:
                    after = value;
                    i++;
                    break;
                default:
                    return null;
            }
        }
        return after is not null && column is null ? null : new ResealOptions(batch, column, after);
    }
}

public sealed record ResealSummary(bool Completed, long Checked, long Resealed, long AlreadyCurrent, long Missing);

/// <summary>
/// Walks every registered sealed column batch by batch through <see cref="IResealGrain"/>, printing a progress
/// line per batch. On an error it prints the command that resumes at the last finished batch.
/// </summary>
public static class Reseal
{
    public static async Task<ResealSummary> RunAsync(IClusterClient orleans, TextWriter output, ResealOptions options, CancellationToken cancellationToken)
    {
        var grain = orleans.GetGrain<IResealGrain>(0);
        var columns = await grain.Columns();
        if (options.Column is { } only)
        {
            if (!columns.Contains(only))
            {
                await output.WriteLineAsync($"[reseal] no sealed column '{only}'; known: {string.Join(", ", columns)}");
                return new ResealSummary(false, 0, 0, 0, 0);
            }
            // Resume: the named column from --after, then every column after it.
            columns = columns.SkipWhile(c => c != only).ToList();
        }
        long total = 0, resealed = 0, current = 0, missing = 0;
        foreach (var column in columns)
        {
            var after = column == options.Column ? options.After : null;
            long columnChecked = 0;
            while (true)
            {
                ResealBatch batch;
                try
                {
                    batch = await grain.Batch(column, after, options.Batch, cancellationToken);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    await output.WriteLineAsync($"[reseal] stopped in {column}: {e.Message}");
                    await output.WriteLineAsync($"[reseal] resume with: dotnet run --project Tools/Admin -- reseal --batch {options.Batch} --column {column}"
                        + (after is null ? "" : $" --after {after}"));
                    return new ResealSummary(false, total, resealed, current, missing);
                }
                columnChecked += batch.Checked;
                total += batch.Checked;
                resealed += batch.Rewritten;
                current += batch.AlreadyCurrent;
                missing += batch.Missing;
                if (batch.Checked > 0)
                {
                    await output.WriteLineAsync($"[reseal] {column}: {columnChecked} checked so far (this batch: {batch.Rewritten} resealed, "
                        + $"{batch.AlreadyCurrent} already current, {batch.Missing} gone){(batch.NextAfter is null ? "" : $", next after {batch.NextAfter}")}");
                }
                if (batch.NextAfter is null)
                {
                    break;
                }
                after = batch.NextAfter;
            }
            await output.WriteLineAsync($"[reseal] {column}: done, {columnChecked} checked");
        }
        await output.WriteLineAsync($"[reseal] complete: {total} checked, {resealed} resealed, {current} already current, {missing} gone. "
            + "When a run reports 0 resealed, SECRET_KEY_PREVIOUS can be removed from the silos.");
        return new ResealSummary(true, total, resealed, current, missing);
    }
}
