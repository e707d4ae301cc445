using System.Text;

namespace Rowell.Tests.Fuzz;

/// <summary>The hostile values the fuzzer draws from: amounts, strings, ids, query values, keys, raw bodies.</summary>
public static class FuzzCorpus
{
    public static readonly string[] Amounts =
    [
        "1", "0.5", "12.50", "0", "0.0", "-1", "-0", "+1", "1e3", "1E-7", "NaN", "Infinity", "-Infinity", "0x1F",
        "1.", ".5", "1..2", "1,5", " 1", "1 ", "1\n", "1\t", "\u00001", "１", "١", "1\u00a0", "12\u200b",
        "0.00000001", "0.0000001", "0.000001", "0.1234567891",
        "922337203685.4775807", "922337203685.4775708", "922337203685.4775707", "92233720368.54775807",
        "9223372036854775807", "9223372036854775808", "18446744073709551616", "99999999999999999999",
        "79228162514264337593543950335", "79228162514264337593543950336", new string('9', 64), new string('9', 5000),
        "1000000000", "1000000001", "10000", "9999.99999", "0000000000000000000001", "1.000000000000000000000",
    ];

    public static readonly string[] Strings =
    [
        "", " ", "a", "' OR '1'='1", "'; DROP TABLE rowell_transfers; --", "\" OR 1=1 --", "1; SELECT pg_sleep(5)",
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "{{7*7}}", "${jndi:ldap://x}",
        "../../../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "..\\..\\windows\\win.ini", "/dev/null", "%00", "\u0000",
        "\r\nX-Injected: 1", "\u202e\u0041", "😀", "\ud83d", "ℌ𝔢𝔩𝔩𝔬", "null", "undefined", "true", "0", "-1", "NaN",
        new string('A', 300), new string('x', 70_000), "acc_", "acc_" + new string('z', 40), "tr_00000000000000000000",
        "GAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "0.0.1", "0.0.-1", "0.0.99999999999999999999",
        "stellar", "hedera", "testnet", "mainnet", "XLM", "HBAR", "USDC", "BTC", "xlm", "NG", "KE", "ZZ", "ng",
        "user", "business", "completed", "2030-01-01T00:00:00Z", "2030-13-45T99:99:99Z", "yesterday",
        "transfers:write", "*", "admin",
    ];

    public static readonly string[] QueryValues =
    [
        "", "0", "-1", "1", "100", "101", "2147483648", "99999999999999999999", "abc", "1e3", "' OR 1=1 --",
        "../../etc", "%", "%zz", "null", "[]", "{}", new string('c', 3000), "completed", "pending", "XLM", "stellar",
        "testnet", "NG", "KE", "eyJ4IjoxfQ", "!!!", "\u0000",
    ];

    public static readonly string[] QueryNames =
    [
        "limit", "cursor", "starting_after", "ending_before", "status", "asset_code", "network", "account",
        "from_country", "to_country", "environment", "account_type", "country_code", "q", "x", "limit[]", "__proto__",
    ];

    public static readonly string[] IdempotencyKeys =
    [
        "k-1", "same-key", new string('k', 255), new string('k', 256), new string('k', 10_000), "with space", "tab\there",
        "ключ", "😀", "'; DROP TABLE x; --", "../../etc/passwd", "%00", "a,b", "\"quoted\"", "*",
    ];

    public static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "text/plain", "application/xml",
        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1", "application/jsonx", "",
    ];

    public static readonly string[] RawBodies =
    [
        "", "null", "[]", "\"x\"", "1", "true", "{", "}", "{]", "{\"a\":}", "{\"a\":1,}", "{'a':1}", "{\"a\":1}{\"b\":2}",
        "{\"amount\":\"1\",\"amount\":\"2\"}", "{\"metadata\":{\"k\":\"a\",\"k\":\"b\"}}", "{\"a\":\"\\ud800\"}", "{\"\\udc00\":1}",
        "{\"a\":1e999}", "{\"a\":-1e-999}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":0x10}", "\u00ef\u00bb\u00bf{}",
    ];

    /// <summary>Raw bytes that are not UTF-8, inside an otherwise plausible JSON object.</summary>
    public static byte[] InvalidUtf8(Random random)
    {
        var bad = new[] { new byte[] { 0xff }, [0xc3, 0x28], [0xe2, 0x82], [0xf0, 0x28, 0x8c, 0xbc], [0xed, 0xa0, 0x80], [0xc0, 0xaf] };
        var prefix = Encoding.ASCII.GetBytes("{\"from_account\":\"");
        var suffix = Encoding.ASCII.GetBytes("\",\"amount\":\"1\"}");
        return [.. prefix, .. bad[random.Next(bad.Length)], .. suffix];
    }

    public static string DeepNesting(int depth, bool arrays) =>
        arrays ? new string('[', depth) + new string(']', depth)
               : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);

    /// <summary>A ~10 MB body: a valid JSON object with one enormous string (so only its size is wrong).</summary>
    public static byte[] Huge() => Encoding.ASCII.GetBytes("{\"memo\":\"" + new string('m', 10 * 1024 * 1024) + "\"}");
}
