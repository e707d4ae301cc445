using System.Reflection;

namespace Rowell.Tests.Clients;

/// <summary>
/// The client package carries its own copy of the error codes (it must not pull the server's Orleans contracts
/// into every customer's app); this keeps the copy and the server's list identical.
/// </summary>
public sealed class ErrorCodeParityTests
{
    private static SortedSet<string> Codes(Type t) => new(t.GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!), StringComparer.Ordinal);

    [Fact]
    public void The_client_knows_exactly_the_error_codes_the_api_answers_with() =>
        Assert.Equal(Codes(typeof(Rowell.Abstractions.Common.ErrorCodes)), Codes(typeof(Rowell.Client.ErrorCodes)));
}
