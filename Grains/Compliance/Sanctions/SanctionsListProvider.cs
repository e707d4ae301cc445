using Microsoft.Extensions.Logging;

namespace Rowell.Grains.Compliance.Sanctions;

/// <summary>
/// The sanctions list in force. With ROWELL_SANCTIONS_FILE it is that file (the UN consolidated list as published);
/// without it, the small sample shipped in this assembly (fictional entries, for development and the sandbox).
/// The file is re-read when its size or modification time changes, checked at most once per
/// ROWELL_SANCTIONS_RELOAD_SECONDS (default 30) when screening asks for the list — so replacing the file takes
/// effect without a restart. A file that fails to parse leaves the previous list in force (and is logged):
/// a half-written download must never empty the list.
/// </summary>
public sealed class SanctionsListProvider
{
    public const string SampleResource = "Rowell.Grains.Compliance.Data.un-consolidated-sample.xml";

    private readonly string? _path;
    private readonly TimeSpan _checkEvery;
    private readonly TimeProvider _time;
    private readonly ILogger? _logger;
    private readonly Lock _gate = new();
    private SanctionsIndex _current;
    private (long Size, DateTime Modified) _stamp;
    private DateTimeOffset _checkedAt;

    public SanctionsListProvider(string? path, TimeSpan checkEvery, TimeProvider time, ILogger? logger = null)
    {
        _path = string.IsNullOrWhiteSpace(path) ? null : path;
        _checkEvery = checkEvery;
        _time = time;
        _logger = logger;
        _checkedAt = time.GetUtcNow();
        if (_path is null)
        {
            using var sample = typeof(SanctionsListProvider).Assembly.GetManifestResourceStream(SampleResource)
                ?? throw new InvalidOperationException($"The sanctions sample {SampleResource} is not embedded.");
            _current = new SanctionsIndex(UnConsolidatedListParser.Parse(sample, "sample:un-consolidated-sample.xml", _checkedAt));
        }
        else
        {
            // At start-up a missing or broken file is fatal: screening against nothing would approve everybody.
            _stamp = Stamp(_path);
            _current = Load(_path);
        }
    }

    public SanctionsIndex Current
    {
        get
        {
            if (_path is not null && _time.GetUtcNow() - _checkedAt >= _checkEvery)
            {
                ReloadIfChanged();
            }
            return _current;
        }
    }

    /// <summary>Re-reads the file if it changed; true when a new list was loaded.</summary>
    public bool ReloadIfChanged()
    {
        if (_path is null)
        {
            return false;
        }
        lock (_gate)
        {
            _checkedAt = _time.GetUtcNow();
            try
            {
                var stamp = Stamp(_path);
                if (stamp == _stamp)
                {
                    return false;
                }
                _current = Load(_path);
                _stamp = stamp;
                _logger?.LogInformation("Sanctions list reloaded from {Path}: {Count} entries", _path, _current.List.Entries.Count);
                return true;
            }
            catch (Exception e) when (e is IOException or FormatException or System.Xml.XmlException or UnauthorizedAccessException)
            {
                _logger?.LogError(e, "Sanctions list {Path} could not be reloaded; the previous list ({Count} entries) stays in force", _path, _current.List.Entries.Count);
                return false;
            }
        }
    }

    private SanctionsIndex Load(string path)
    {
        using var file = File.OpenRead(path);
        return new SanctionsIndex(UnConsolidatedListParser.Parse(file, path, _time.GetUtcNow()));
    }

    private static (long, DateTime) Stamp(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"ROWELL_SANCTIONS_FILE {path} does not exist.", path);
        }
        return (info.Length, info.LastWriteTimeUtc);
    }
}
