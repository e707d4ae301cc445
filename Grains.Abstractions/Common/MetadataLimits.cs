namespace Rowell.Abstractions.Common;

/// <summary>
/// Stripe-style metadata limits, one definition for accounts and transfers, and for both sides of the cluster:
/// the API checks a request's metadata before it claims an Idempotency-Key, the grains check it again.
/// </summary>
public static class MetadataLimits
{
    public const int MaxKeys = 50;
    public const int MaxKeyLength = 40;
    public const int MaxValueLength = 500;

    public static void Validate(IReadOnlyDictionary<string, string> metadata)
    {
        if (metadata.Count > MaxKeys)
        {
            throw RowellException.Validation("metadata", $"metadata holds at most {MaxKeys} keys.");
        }
        foreach (var (key, value) in metadata)
        {
            if (key.Length is 0 or > MaxKeyLength)
            {
                throw RowellException.Validation("metadata", $"metadata keys are 1 to {MaxKeyLength} characters.");
            }
            if (value.Length > MaxValueLength)
            {
                throw RowellException.Validation($"metadata.{key}", $"metadata values are at most {MaxValueLength} characters.");
            }
        }
    }
}
