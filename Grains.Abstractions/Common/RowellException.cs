namespace Rowell.Abstractions.Common;

/// <summary>
/// A business error that maps to a 4xx answer. Grains throw it; the API turns it into the error envelope.
/// It crosses the silo boundary, so it is serializable and carries only plain data.
/// </summary>
[GenerateSerializer, Alias("rowell.error")]
public sealed class RowellException : Exception
{
    public RowellException(string code, string message, string? field = null)
        : base(message)
    {
        Code = code;
        Field = field;
    }

    [Id(0)] public string Code { get; init; }

    /// <summary>The request field at fault, for VALIDATION_ERROR (details.field).</summary>
    [Id(1)] public string? Field { get; init; }

    /// <summary>Extra error details for the caller, e.g. the id of the transfer a payment error belongs to.</summary>
    [Id(2)] public Dictionary<string, string>? Details { get; init; }

    public static RowellException Validation(string field, string message) =>
        new(ErrorCodes.ValidationError, message, field);

    public static RowellException NotFound(string what) =>
        new(ErrorCodes.NotFound, $"{what} not found.");
}
