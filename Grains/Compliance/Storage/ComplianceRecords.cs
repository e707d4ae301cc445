using Rowell.Abstractions.Compliance;

namespace Rowell.Grains.Compliance.Storage;

/// <summary>
/// A verification as stored: the public view plus what only screening reads (the holder's name and birth date) and
/// the document number sealed with <see cref="DocumentVault"/> — never stored or returned in the clear.
/// </summary>
public sealed class VerificationRecord
{
    public VerificationView View { get; set; } = null!;
    /// <summary>Hash of the verifying command: a repeat is a replay, a different command under the same id a conflict.</summary>
    public string Fingerprint { get; set; } = "";
    public string FullName { get; set; } = "";
    public DateOnly DateOfBirth { get; set; }
    public byte[] SealedDocumentNumber { get; set; } = [];
}

/// <summary>A flag as stored: its view (history included) and the transfer decision still to carry out, if any.</summary>
public sealed class FlagState
{
    public FlagView View { get; set; } = null!;
    /// <summary>"release" or "reject" once a decision was written but the transfer has not confirmed it yet.</summary>
    public string? PendingTransferAction { get; set; }
}

public sealed class FlagVersionConflictException(string id) : Exception($"Flag {id} was written by another activation.");
