using System.Text.RegularExpressions;

namespace Rowell.Tests.Configuration;

/// <summary>
/// The README's configuration table tells the truth: every variable the product reads (C# outside Tests/) has a
/// row, every row names a variable something reads, and .env.example holds nothing unused. Variables are found
/// as they are read: configuration indexers (<c>config["X"]</c>), <c>Environment.GetEnvironmentVariable("X")</c>,
/// the settings helpers (<c>Int(config, "X", …)</c>), and any literal spelled <c>ROWELL_…</c> or <c>…_URL</c>.
/// </summary>
public sealed partial class ConfigurationTableTests
{
    [Fact]
    public void Every_variable_the_code_reads_has_a_row_in_the_readme_table()
    {
        var documented = ReadmeTable();
        var missing = VariablesReadByCode().Where(v => !documented.Contains(v.Key)).OrderBy(v => v.Key, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0,
            "README.md's configuration table (the table under \"## Configuration\") lacks these variables. Add one row each:\n"
            + string.Join("\n", missing.Select(v => $"  | `{v.Key}` | <what it does> | <default> |      (read in {v.Value})")));
    }

    [Fact]
    public void Every_row_of_the_readme_table_names_a_variable_something_reads()
    {
        var read = VariablesReadByCode().Keys.Concat(VariablesReadByComposeAndScripts()).ToHashSet(StringComparer.Ordinal);
        var stale = ReadmeTable().Where(v => !read.Contains(v)).Order(StringComparer.Ordinal).ToList();
        Assert.True(stale.Count == 0,
            "README.md's configuration table documents variables nothing reads; remove their rows (or the code that read them was renamed): "
            + string.Join(", ", stale));
    }

    [Fact]
    public void Env_example_holds_only_variables_something_reads()
    {
        var read = VariablesReadByCode().Keys.Concat(VariablesReadByComposeAndScripts()).ToHashSet(StringComparer.Ordinal);
        var unused = File.ReadAllLines(Path.Combine(Repo.Root, ".env.example"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#') && l.Contains('='))
            .Select(l => l[..l.IndexOf('=')])
            .Where(v => !read.Contains(v))
            .ToList();
        Assert.True(unused.Count == 0, ".env.example sets variables nothing reads; remove them: " + string.Join(", ", unused));
    }

    [Fact]
    public void The_scanner_finds_what_the_settings_read()
    {
        // Guards the scans above: names read three different ways must all be found.
        var read = VariablesReadByCode();
        Assert.Contains("ROWELL_CLUSTER", read.Keys);        // config["…"]
        Assert.Contains("ROWELL_SILO_PORT", read.Keys);      // Int(config, "…", …)
        Assert.Contains("ROWELL_LIVE_TESTNET", read.Keys);   // Environment.GetEnvironmentVariable("…")
        Assert.Contains("SECRET_KEY", read.Keys);
        Assert.Contains("ROWELL_CLUSTER", ReadmeTable());
    }

    /// <summary>Variable → where it is first read (path:line), over every .cs file outside Tests/, bin/ and obj/.</summary>
    internal static Dictionary<string, string> VariablesReadByCode()
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Repo.Root, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(Repo.Root, file).Replace('\\', '/');
            if (relative.StartsWith("Tests/", StringComparison.Ordinal) || relative.Split('/').Any(p => p is "bin" or "obj" or ".rowell"))
            {
                continue;
            }
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (var regex in new[] { Indexer(), EnvironmentRead(), SettingsHelper(), NamedLikeAVariable() })
                {
                    foreach (Match m in regex.Matches(lines[i]))
                    {
                        found.TryAdd(m.Groups["name"].Value, $"{relative}:{i + 1}");
                    }
                }
            }
        }
        return found;
    }

    /// <summary>Variables that docker-compose files and scripts read (<c>${X}</c>, <c>${X:-…}</c>, <c>$X</c>): .env.example feeds them too.</summary>
    private static IEnumerable<string> VariablesReadByComposeAndScripts()
    {
        var files = Directory.EnumerateFiles(Repo.Root, "docker-compose*.yml")
            .Concat(Directory.EnumerateFiles(Path.Combine(Repo.Root, "scripts"), "*.sh", SearchOption.AllDirectories));
        return files.SelectMany(f => ShellRead().Matches(File.ReadAllText(f)).Select(m => m.Groups["name"].Value)).Distinct();
    }

    /// <summary>The backticked names in the first cell of each row of the table under "## Configuration".</summary>
    internal static HashSet<string> ReadmeTable()
    {
        var lines = File.ReadAllLines(Path.Combine(Repo.Root, "README.md"));
        var start = Array.FindIndex(lines, l => l.Trim() == "## Configuration");
        Assert.True(start >= 0, "README.md needs a \"## Configuration\" section holding the variables table.");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)))
        {
            if (!line.StartsWith('|'))
            {
                continue;
            }
            var firstCell = line.Split('|', StringSplitOptions.None)[1];
            foreach (Match m in Backticked().Matches(firstCell))
            {
                names.Add(m.Groups["name"].Value);
            }
        }
        return names;
    }

    [GeneratedRegex("""(?:onfig\w*|ettings\w*)\s*\[\s*"(?<name>[A-Z][A-Z0-9_]+)"\s*\]""")]
    private static partial Regex Indexer();

    [GeneratedRegex("""GetEnvironmentVariable\(\s*"(?<name>[A-Z][A-Z0-9_]+)"\s*\)""")]
    private static partial Regex EnvironmentRead();

    [GeneratedRegex("""\w+\(\s*config\w*\s*,\s*"(?<name>[A-Z][A-Z0-9_]+)"\s*[,)]""")]
    private static partial Regex SettingsHelper();

    [GeneratedRegex(""""(?<name>ROWELL_[A-Z0-9_]*[A-Z0-9]|[A-Z][A-Z0-9_]*_URL)"""")]
    private static partial Regex NamedLikeAVariable();

    [GeneratedRegex("""\$\{?(?<name>[A-Z][A-Z0-9_]+)""")]
    private static partial Regex ShellRead();

    [GeneratedRegex("""`(?<name>[A-Z][A-Z0-9_]+)`""")]
    private static partial Regex Backticked();
}

/// <summary>The repository's root: the nearest parent of the test binaries that holds Rowell.sln.</summary>
internal static class Repo
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Rowell.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Rowell.sln not found above " + AppContext.BaseDirectory);
    }
}
