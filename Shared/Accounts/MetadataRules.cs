using Rowell.Abstractions.Common;

namespace Rowell.Grains.Accounts;

/// <summary>Stripe-style metadata limits: a small string map, never a place to dump documents.</summary>
public static class MetadataRules
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
