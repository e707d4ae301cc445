using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;

namespace Rowell.Api.Infrastructure;

/// <summary>Query-string parsing for list endpoints, with the same error shape as bodies.</summary>
public static class ListQuery
{
    public static PageRequest Page(HttpRequest request)
    {
        var limit = 20;
        if (request.Query.TryGetValue("limit", out var raw))
        {
            if (!int.TryParse(raw.ToString(), out limit) || limit is < 1 or > 100)
            {
                throw RowellException.Validation("limit", "limit must be a whole number from 1 to 100.");
            }
        }
        var after = Cursor(request, "starting_after");
        var before = Cursor(request, "ending_before");
        if (after is not null && before is not null)
        {
            throw RowellException.Validation("ending_before", "Use starting_after or ending_before, not both.");
        }
        return new PageRequest(limit, after, before);
    }

    public static T? Enum<T>(HttpRequest request, string name) where T : struct, System.Enum
    {
        if (!request.Query.TryGetValue(name, out var raw))
        {
            return null;
        }
        return EnumNames.TryParse<T>(raw.ToString(), out var value)
            ? value
            : throw RowellException.Validation(name, $"{name} must be one of {string.Join(", ", EnumNames.Names<T>())}.");
    }

    public static string? String(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var raw) ? raw.ToString() : null;

    private static string? Cursor(HttpRequest request, string name)
    {
        var value = String(request, name);
        if (value is null)
        {
            return null;
        }
        return value.Length is > 0 and <= 64 ? value : throw RowellException.Validation(name, $"{name} must be an object id.");
    }
}
