using Rowell.Abstractions.Common;

namespace Rowell.Grains.Accounts;

/// <summary>Stripe-style metadata limits: a small string map, never a place to dump documents (the rules live in <see cref="MetadataLimits"/>, shared with the API and transfers).</summary>
public static class MetadataRules
{
    public const int MaxKeys = MetadataLimits.MaxKeys;
    public const int MaxKeyLength = MetadataLimits.MaxKeyLength;
    public const int MaxValueLength = MetadataLimits.MaxValueLength;

    public static void Validate(IReadOnlyDictionary<string, string> metadata) => MetadataLimits.Validate(metadata);
}
