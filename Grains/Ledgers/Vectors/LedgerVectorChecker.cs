using System.Globalization;
using System.Text.Json;
using NSec.Cryptography;
using Rowell.Grains.Ledgers.Hedera;
using Rowell.Grains.Ledgers.Stellar;

namespace Rowell.Grains.Ledgers.Vectors;

/// <summary>
/// Checks our Stellar/Hedera key, address, checksum and transaction code against a snake_case JSON file of
/// published test vectors (sections stellar_keys, stellar_invalid_strkeys, stellar_transactions, hedera_keys,
/// hedera_checksums; all optional). Amounts are decimal strings; no floating point is ever used.
/// </summary>
public static class LedgerVectorChecker
{
    private static readonly string[] Sections =
        ["stellar_keys", "stellar_invalid_strkeys", "stellar_transactions", "hedera_keys", "hedera_checksums"];

    public static LedgerVectorReport CheckFile(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new LedgerVectorReport([new LedgerVectorResult("file", false, $"cannot read '{path}': {ex.Message}")]);
        }
        return CheckJson(json);
    }

    public static LedgerVectorReport CheckJson(string json)
    {
        var results = new List<LedgerVectorResult>();
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            return new LedgerVectorReport([new LedgerVectorResult("file", false, $"invalid JSON: {ex.Message}")]);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new LedgerVectorReport([new LedgerVectorResult("file", false, "the top level must be a JSON object")]);
            }
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (!Sections.Contains(prop.Name))
                {
                    results.Add(new LedgerVectorResult(prop.Name, false, "unknown section"));
                    continue;
                }
                if (prop.Value.ValueKind != JsonValueKind.Array)
                {
                    results.Add(new LedgerVectorResult(prop.Name, false, "section must be an array"));
                    continue;
                }
                var i = 0;
                foreach (var item in prop.Value.EnumerateArray())
                {
                    var fallback = string.Create(CultureInfo.InvariantCulture, $"{prop.Name}[{i++}]");
                    var name = item.ValueKind switch
                    {
                        JsonValueKind.Object when item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                            => $"{prop.Name}/{n.GetString()}",
                        JsonValueKind.String => $"{fallback} {item.GetString()}",
                        _ => fallback,
                    };
                    results.Add(Run(name, () =>
                    {
                        switch (prop.Name)
                        {
                            case "stellar_keys": CheckStellarKey(item); break;
                            case "stellar_invalid_strkeys": CheckInvalidStrKey(item); break;
                            case "stellar_transactions": CheckStellarTransaction(item); break;
                            case "hedera_keys": CheckHederaKey(item); break;
                            case "hedera_checksums": CheckHederaChecksum(item); break;
                        }
                    }));
                }
            }
        }
        return new LedgerVectorReport(results);
    }

    private sealed class VectorMismatchException(string message) : Exception(message);

    private static LedgerVectorResult Run(string name, Action check)
    {
        try
        {
            check();
            return new LedgerVectorResult(name, true, null);
        }
        catch (VectorMismatchException ex)
        {
            return new LedgerVectorResult(name, false, ex.Message);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or KeyNotFoundException or OverflowException)
        {
            return new LedgerVectorResult(name, false, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private static string Str(JsonElement e, string field)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(field, out var v))
        {
            throw new FormatException($"missing field '{field}'");
        }
        if (v.ValueKind != JsonValueKind.String)
        {
            throw new FormatException($"field '{field}' must be a string");
        }
        return v.GetString()!;
    }

    private static string? OptStr(JsonElement e, string field)
        => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null ? Str(e, field) : null;

    private static bool Has(JsonElement e, string field)
        => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null;

    /// <summary>An unsigned integer given as a JSON integer or a decimal string.</summary>
    private static ulong UInt(JsonElement e, string field)
    {
        if (!e.TryGetProperty(field, out var v))
        {
            throw new FormatException($"missing field '{field}'");
        }
        if (v.ValueKind == JsonValueKind.Number && v.TryGetUInt64(out var n))
        {
            return n;
        }
        if (v.ValueKind == JsonValueKind.String && ulong.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out n))
        {
            return n;
        }
        throw new FormatException($"field '{field}' must be a non-negative integer");
    }

    private static byte[] Hex(JsonElement e, string field, int? length = null)
    {
        var bytes = Convert.FromHexString(Str(e, field));
        if (length is { } l && bytes.Length != l)
        {
            throw new FormatException($"field '{field}' must be {l} bytes of hex");
        }
        return bytes;
    }

    private static void Expect(string what, string expected, string actual)
    {
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            throw new VectorMismatchException($"{what} expected {expected} but got {actual}");
        }
    }

    private static byte[] PublicKeyOf(byte[] seed)
    {
        using var key = Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey);
        return key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    // ---- sections ------------------------------------------------------------------------------------

    private static void CheckStellarKey(JsonElement e)
    {
        var seed = Hex(e, "seed_hex", 32);
        var pub = PublicKeyOf(seed);
        var checkedSomething = false;
        if (OptStr(e, "account_id") is { } accountId)
        {
            Expect("account_id", accountId, StrKey.EncodeAccountId(pub));
            Expect("decoded account_id", Convert.ToHexStringLower(pub), Convert.ToHexStringLower(StrKey.DecodeAccountId(accountId)));
            checkedSomething = true;
        }
        if (OptStr(e, "secret_seed") is { } secret)
        {
            Expect("secret_seed", secret, StrKey.EncodeSecretSeed(seed));
            Expect("decoded secret_seed", Convert.ToHexStringLower(seed), Convert.ToHexStringLower(StrKey.DecodeSecretSeed(secret)));
            checkedSomething = true;
        }
        if (OptStr(e, "public_key_hex") is { } pubHex)
        {
            Expect("public_key_hex", pubHex.ToLowerInvariant(), Convert.ToHexStringLower(pub));
            checkedSomething = true;
        }
        if (!checkedSomething)
        {
            throw new FormatException("nothing to check: give account_id, secret_seed or public_key_hex");
        }
    }

    private static void CheckInvalidStrKey(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.String)
        {
            throw new FormatException("each invalid strkey must be a string");
        }
        var s = e.GetString()!;
        if (StrKey.IsValidAccountId(s) || StrKey.IsValidSecretSeed(s) || StrKey.IsValidMuxedAccount(s))
        {
            throw new VectorMismatchException($"'{s}' was accepted but must be rejected");
        }
    }

    private static void CheckStellarTransaction(JsonElement e)
    {
        var network = new StellarNetwork(Str(e, "network_passphrase"));
        using var source = Has(e, "source_seed_hex")
            ? StellarKeyPair.FromSeed(Hex(e, "source_seed_hex", 32))
            : StellarKeyPair.FromSecretSeed(Str(e, "source_secret_seed"));
        if (OptStr(e, "source_account") is { } declared)
        {
            Expect("source_account", declared, source.AccountId);
        }
        var sequence = long.Parse(Str(e, "tx_sequence"), NumberStyles.None, CultureInfo.InvariantCulture);
        var fee = uint.Parse(Str(e, "total_fee_stroops"), NumberStyles.None, CultureInfo.InvariantCulture);
        var cond = Has(e, "time_bounds")
            ? StellarPreconditions.Time(UInt(e.GetProperty("time_bounds"), "min_time"), UInt(e.GetProperty("time_bounds"), "max_time"))
            : StellarPreconditions.None;
        var memo = Has(e, "memo") ? ParseMemo(e.GetProperty("memo")) : StellarMemo.None;
        if (!Has(e, "operations") || e.GetProperty("operations").ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("missing array 'operations'");
        }
        var ops = e.GetProperty("operations").EnumerateArray().Select(ParseOperation).ToArray();
        var tx = new StellarTransaction(source.AccountId, fee, sequence, cond, memo, ops);
        var envelope = new StellarTransactionEnvelope(tx);
        var signature = envelope.Sign(source, network);

        if (!Has(e, "expected"))
        {
            throw new FormatException("missing object 'expected'");
        }
        var expected = e.GetProperty("expected");
        var checkedSomething = false;
        if (OptStr(expected, "tx_hash_hex") is { } hash)
        {
            Expect("tx_hash_hex", hash.ToLowerInvariant(), envelope.HashHex(network));
            checkedSomething = true;
        }
        if (OptStr(expected, "signature_base64") is { } sig)
        {
            Expect("signature_base64", sig, Convert.ToBase64String(signature.Signature));
            checkedSomething = true;
        }
        if (OptStr(expected, "signed_envelope_base64") is { } env)
        {
            Expect("signed_envelope_base64", env, envelope.ToXdrBase64());
            // the published envelope must also decode and re-encode to itself, and its signature must verify
            var decoded = StellarTransactionEnvelope.FromXdrBase64(env);
            Expect("re-encoded envelope", env, decoded.ToXdrBase64());
            if (!decoded.IsSignedBy(source.PublicKey, network))
            {
                throw new VectorMismatchException("the expected envelope's signature does not verify against the transaction hash");
            }
            checkedSomething = true;
        }
        if (!checkedSomething)
        {
            throw new FormatException("'expected' needs tx_hash_hex, signature_base64 or signed_envelope_base64");
        }
    }

    private static StellarMemo ParseMemo(JsonElement m)
    {
        var type = Str(m, "type");
        return type switch
        {
            "none" => StellarMemo.None,
            "text" => StellarMemo.FromText(Str(m, "value")),
            "id" => StellarMemo.FromId(ulong.Parse(Str(m, "value"), NumberStyles.None, CultureInfo.InvariantCulture)),
            "hash" => StellarMemo.FromHash(Hex(m, "value", 32)),
            "return" => StellarMemo.FromReturnHash(Hex(m, "value", 32)),
            _ => throw new FormatException($"unknown memo type '{type}'"),
        };
    }

    private static StellarAsset ParseAsset(JsonElement op)
    {
        if (!Has(op, "asset"))
        {
            return StellarAsset.Native;
        }
        var a = op.GetProperty("asset");
        if (a.ValueKind == JsonValueKind.String)
        {
            var s = a.GetString();
            return s is "native" or "XLM" ? StellarAsset.Native : throw new FormatException($"unknown asset '{s}'");
        }
        var issuer = OptStr(a, "issuer");
        if (issuer is null)
        {
            var code = OptStr(a, "code");
            return code is null or "XLM" or "native" ? StellarAsset.Native : throw new FormatException($"asset '{code}' needs an issuer");
        }
        return StellarAsset.Credit(Str(a, "code"), issuer);
    }

    private static StellarOperation ParseOperation(JsonElement op)
    {
        var type = Str(op, "type");
        var source = OptStr(op, "source_account");
        return type switch
        {
            "payment" => new PaymentOperation(Str(op, "destination"), ParseAsset(op), StellarAmount.ParseStroops(Str(op, "amount")), source),
            "create_account" => new CreateAccountOperation(Str(op, "destination"), StellarAmount.ParseStroops(Str(op, "starting_balance")), source),
            "change_trust" => new ChangeTrustOperation(
                ParseAsset(op),
                OptStr(op, "limit") is { } limit ? StellarAmount.ParseStroops(limit) : ChangeTrustOperation.MaxLimit,
                source),
            _ => throw new FormatException($"unknown operation type '{type}'"),
        };
    }

    private static void CheckHederaKey(JsonElement e)
    {
        var seed = Hex(e, "seed_hex", 32);
        var pub = PublicKeyOf(seed);
        var checkedSomething = false;
        if (OptStr(e, "public_key_der_hex") is { } pubDer)
        {
            Expect("public_key_der_hex", pubDer.ToLowerInvariant(), Convert.ToHexStringLower(HederaKeys.PublicKeyToDer(pub)));
            Expect("public key from DER", Convert.ToHexStringLower(pub), Convert.ToHexStringLower(HederaKeys.PublicKeyFromDer(Convert.FromHexString(pubDer))));
            checkedSomething = true;
        }
        if (OptStr(e, "private_key_der_hex") is { } privDer)
        {
            Expect("private_key_der_hex", privDer.ToLowerInvariant(), Convert.ToHexStringLower(HederaKeys.PrivateKeyToDer(seed)));
            Expect("seed from DER", Convert.ToHexStringLower(seed), Convert.ToHexStringLower(HederaKeys.PrivateKeyFromDer(Convert.FromHexString(privDer))));
            checkedSomething = true;
        }
        if (OptStr(e, "public_key_hex") is { } pubHex)
        {
            Expect("public_key_hex", pubHex.ToLowerInvariant(), Convert.ToHexStringLower(pub));
            checkedSomething = true;
        }
        if (Has(e, "signature_hex"))
        {
            var message = Has(e, "message_hex") ? Hex(e, "message_hex") : throw new FormatException("signature_hex needs message_hex");
            var expectedSig = Hex(e, "signature_hex", 64);
            using var key = Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey);
            Expect("signature_hex", Convert.ToHexStringLower(expectedSig), Convert.ToHexStringLower(SignatureAlgorithm.Ed25519.Sign(key, message)));
            if (!StellarKeyPair.Verify(pub, message, expectedSig))
            {
                throw new VectorMismatchException("signature does not verify");
            }
            checkedSomething = true;
        }
        if (!checkedSomething)
        {
            throw new FormatException("nothing to check: give public_key_der_hex, private_key_der_hex, public_key_hex or message_hex+signature_hex");
        }
    }

    private static void CheckHederaChecksum(JsonElement e)
    {
        var network = Str(e, "network");
        var ledger = network.ToLowerInvariant() switch
        {
            "mainnet" => HederaLedgerId.Mainnet,
            "testnet" => HederaLedgerId.Testnet,
            "previewnet" => HederaLedgerId.Previewnet,
            "local" or "local-node" => HederaLedgerId.Local,
            _ => throw new FormatException($"unknown network '{network}'"),
        };
        var id = HederaAccountId.Parse(Str(e, "account_id"));
        var checksum = Str(e, "checksum");
        Expect("checksum", checksum, id.Checksum(ledger));
        if (!id.VerifyChecksum(checksum, ledger))
        {
            throw new VectorMismatchException("VerifyChecksum rejected the checksum");
        }
    }
}
