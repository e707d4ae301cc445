using System.Text;
using Rowell.Grains.Ledgers.Stellar;

namespace Rowell.Tests.Ledgers;

public class StellarTransactionTests
{
    // java-stellar-sdk src/test/java/org/stellar/sdk/TransactionBuilderTest.java (commit 7e4e8aa7):
    // source SCH27VUZZ6UAKB67BDNF6FA42YMBMQCBKXWGMFD5TZ6S5ZZCZFLRXKHS (GBPMKIRA2OQW2XZZQUCQILI5TMVZ6JNRKM423BSAISDM7ZFWQ6KWEBC4),
    // account sequence 2908908335136768 (tx sequence +1), createAccount GDW6...B5NR "2000", TIMEOUT_INFINITE = TimeBounds(0, 0).
    private const string JavaSourceSeed = "SCH27VUZZ6UAKB67BDNF6FA42YMBMQCBKXWGMFD5TZ6S5ZZCZFLRXKHS";
    private const string JavaSourceAccount = "GBPMKIRA2OQW2XZZQUCQILI5TMVZ6JNRKM423BSAISDM7ZFWQ6KWEBC4";
    private const string JavaDestination = "GDW6AUTBXTOC7FIKUO5BOO3OGLK4SF7ZPOBLMQHMZDI45J2Z6VXRB5NR";
    private const long JavaTxSequence = 2908908335136769;

    // testBuilderSuccessTestnet
    private const string JavaTestnetEnvelope = "AAAAAgAAAABexSIg06FtXzmFBQQtHZsrnyWxUzmthkBEhs/ktoeVYgAAAGQAClWjAAAAAQAAAAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAEAAAAAAAAAAAAAAADt4FJhvNwvlQqjuhc7bjLVyRf5e4K2QOzI0c6nWfVvEAAAAASoF8gAAAAAAAAAAAG2h5ViAAAAQLJxvwao6eyNHaDX2QFhgdqlxJUqkpgA03UUOqf4DwOXSV9GN4ZWut2uzRuza4DWyVGBEHmmnQX+SQKFo0Sb/wA=";
    // testBuilderMemoText
    private const string JavaMemoTextEnvelope = "AAAAAgAAAABexSIg06FtXzmFBQQtHZsrnyWxUzmthkBEhs/ktoeVYgAAAGQAClWjAAAAAQAAAAEAAAAAAAAAAAAAAAAAAAAAAAAAAQAAAAxIZWxsbyB3b3JsZCEAAAABAAAAAAAAAAAAAAAA7eBSYbzcL5UKo7oXO24y1ckX+XuCtkDsyNHOp1n1bxAAAAAEqBfIAAAAAAAAAAABtoeVYgAAAEA2U3MBHRAxe/nYUTFsL14hgWxcq1Z0yFcEd2LSEt+TbXbVXHl77k/sjLdUGw/0qMZMOn2n50MY+w1pnx6mjfsM";
    // testBuilderBaseFee (base fee 200)
    private const string JavaBaseFeeEnvelope = "AAAAAgAAAABexSIg06FtXzmFBQQtHZsrnyWxUzmthkBEhs/ktoeVYgAAAMgAClWjAAAAAQAAAAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAEAAAAAAAAAAAAAAADt4FJhvNwvlQqjuhc7bjLVyRf5e4K2QOzI0c6nWfVvEAAAAASoF8gAAAAAAAAAAAG2h5ViAAAAQAIeBLnUSyzqnFYWPm0Y06/v78VquGfjQokPrMBCeOZRM4WqPLOI5/Mgn1+djGFBOVCKB+HUevtqN2DMhnhYmg8=";
    // testBuilderSuccessPublic
    private const string JavaPublicEnvelope = "AAAAAgAAAABexSIg06FtXzmFBQQtHZsrnyWxUzmthkBEhs/ktoeVYgAAAGQAClWjAAAAAQAAAAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAEAAAAAAAAAAAAAAADt4FJhvNwvlQqjuhc7bjLVyRf5e4K2QOzI0c6nWfVvEAAAAASoF8gAAAAAAAAAAAG2h5ViAAAAQOFMVS3lQ1gtqY0a3VPsZXCNVGC/h8dANFiUS7hYPWSbyzi4Ob1ir5R256mOwX+B6vE552+y8JAFaAFPR0bDyAw=";

    // py-stellar-base tests/test_transaction_envelope.py test_to_xdr_v1 (commit c9321f1d):
    // source SCCS5ZBI7WVIJ4SW36WGOQQIWJYCL3VOAULSXX3FB57USIO25EDOYQHH, payment 1000.0 XLM to GDJJ...BKX2,
    // sequence 1, fee 200, memo id 100, time bounds 12345..56789, public network.
    private const string PySourceSeed = "SCCS5ZBI7WVIJ4SW36WGOQQIWJYCL3VOAULSXX3FB57USIO25EDOYQHH";
    private const string PyDestination = "GDJJRRMBK4IWLEPJGIE6SXD2LP7REGZODU7WDC3I2D6MR37F4XSHBKX2";
    private const string PyEnvelope = "AAAAAgAAAADL13HWIyocdKsZ7A7HM8Srqmv+uZWc+rI4xx3M8oedCQAAAMgAAAAAAAAAAQAAAAEAAAAAAAAwOQAAAAAAAN3VAAAAAgAAAAAAAABkAAAAAQAAAAAAAAABAAAAANKYxYFXEWWR6TIJ6Vx6W/8SGy4dP2GLaND8yO/l5eRwAAAAAAAAAAJUC+QAAAAAAAAAAAHyh50JAAAAQCXOQnmno3he687bKRtDc6+BXRUf8t+RnTuHy+sKf35UjfFiQbIge+txehmg0N61JsFWfwbL0JtgOjzyeZw5JAs=";

    private static StellarTransaction JavaCreateAccountTx(uint fee, StellarMemo memo) => new(
        JavaSourceAccount, fee, JavaTxSequence, StellarPreconditions.Time(0, 0), memo,
        [new CreateAccountOperation(JavaDestination, StellarAmount.ParseStroops("2000"))]);

    public static TheoryData<string, uint, string?, string, string> JavaVectors => new()
    {
        { "testnet", 100, null, StellarNetwork.TestnetPassphrase, JavaTestnetEnvelope },
        { "memo text", 100, "Hello world!", StellarNetwork.TestnetPassphrase, JavaMemoTextEnvelope },
        { "base fee 200", 200, null, StellarNetwork.TestnetPassphrase, JavaBaseFeeEnvelope },
        { "public", 100, null, StellarNetwork.PublicPassphrase, JavaPublicEnvelope },
    };

    [Theory]
    [MemberData(nameof(JavaVectors))]
    public void JavaSdkEnvelopes_ReproducedByteForByte(string name, uint fee, string? memoText, string passphrase, string expectedEnvelope)
    {
        var network = new StellarNetwork(passphrase);
        using var source = StellarKeyPair.FromSecretSeed(JavaSourceSeed);
        Assert.Equal(JavaSourceAccount, source.AccountId);

        var tx = JavaCreateAccountTx(fee, memoText is null ? StellarMemo.None : StellarMemo.FromText(memoText));
        var envelope = new StellarTransactionEnvelope(tx);
        var signature = envelope.Sign(source, network);

        Assert.True(expectedEnvelope == envelope.ToXdrBase64(), name);

        // the published envelope carries the published signature: it must equal ours and verify over our hash
        var published = StellarTransactionEnvelope.FromXdrBase64(expectedEnvelope);
        Assert.Single(published.Signatures);
        Assert.Equal(published.Signatures[0].Signature, signature.Signature);
        Assert.Equal(source.Hint, published.Signatures[0].Hint);
        Assert.True(published.IsSignedBy(source.PublicKey, network));
        Assert.Equal(envelope.HashHex(network), published.HashHex(network));
        // and it does not verify on the other network
        var other = passphrase == StellarNetwork.TestnetPassphrase ? StellarNetwork.Public : StellarNetwork.Testnet;
        Assert.False(published.IsSignedBy(source.PublicKey, other));
    }

    [Fact]
    public void ForAccount_BuildsLikeTheSdkBuilder()
    {
        // same inputs as java-sdk testBuilderBaseFee: account sequence 2908908335136768, base fee 200, infinite timeout
        using var source = StellarKeyPair.FromSecretSeed(JavaSourceSeed);
        var tx = StellarTransaction.ForAccount(source.AccountId, 2908908335136768,
            [new CreateAccountOperation(JavaDestination, StellarAmount.ParseStroops("2000"))], new StellarTimeBounds(0, 0), baseFeePerOperation: 200);
        var envelope = new StellarTransactionEnvelope(tx);
        envelope.Sign(source, StellarNetwork.Testnet);
        Assert.Equal(JavaBaseFeeEnvelope, envelope.ToXdrBase64());
        Assert.Throws<ArgumentOutOfRangeException>(() => StellarTransaction.ForAccount(source.AccountId, 1,
            [new CreateAccountOperation(JavaDestination, 1)], new StellarTimeBounds(0, 0), baseFeePerOperation: 99));
        Assert.Throws<OverflowException>(() => StellarTransaction.ForAccount(source.AccountId, long.MaxValue,
            [new CreateAccountOperation(JavaDestination, 1)], new StellarTimeBounds(0, 0)));
    }

    [Fact]
    public void PySdkEnvelopeV1_ReproducedByteForByte()
    {
        using var source = StellarKeyPair.FromSecretSeed(PySourceSeed);
        Assert.Equal("GDF5O4OWEMVBY5FLDHWA5RZTYSV2U276XGKZZ6VSHDDR3THSQ6OQS7UM", source.AccountId);
        var tx = new StellarTransaction(source.AccountId, 200, 1, StellarPreconditions.Time(12345, 56789), StellarMemo.FromId(100),
            [new PaymentOperation(PyDestination, StellarAsset.Native, StellarAmount.ParseStroops("1000.0"))]);
        var envelope = new StellarTransactionEnvelope(tx);
        envelope.Sign(source, StellarNetwork.Public);
        Assert.Equal(PyEnvelope, envelope.ToXdrBase64());
        Assert.True(StellarTransactionEnvelope.FromXdrBase64(PyEnvelope).IsSignedBy(source.PublicKey, StellarNetwork.Public));
    }

    [Fact]
    public void JavaSdkFeeBumpInnerHash_Reproduced()
    {
        // java-stellar-sdk src/test/java/org/stellar/sdk/FeeBumpTransactionTest.java testHash: inner transaction
        // (payment of 200 XLM to GA7Q...VSGZ, base fee 100, time bounds 10..11, testnet) hashes to 2a8ead33...
        var tx = new StellarTransaction(JavaSourceAccount, 100, JavaTxSequence, StellarPreconditions.Time(10, 11), StellarMemo.None,
            [new PaymentOperation("GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGZ", StellarAsset.Native, StellarAmount.ParseStroops("200"))]);
        Assert.Equal("2a8ead3351faa7797b284f59027355ddd69c21adb8e4da0b9bb95531f7f32681", tx.HashHex(StellarNetwork.Testnet));
    }

    [Fact]
    public void JsSdkV0EnvelopeWithNonUtf8Memo_HashAndRoundTrip()
    {
        // js-stellar-base test/unit/transaction_envelope_test.js 'calculates correct hash with non-utf8 strings' (public network)
        const string xdr = "AAAAAAtjwtJadppTmm0NtAU99BFxXXfzPO1N/SqR43Z8aXqXAAAAZAAIj6YAAAACAAAAAAAAAAEAAAAB0QAAAAAAAAEAAAAAAAAAAQAAAADLa6390PDAqg3qDLpshQxS+uVw3ytSgKRirQcInPWt1QAAAAAAAAAAA1Z+AAAAAAAAAAABfGl6lwAAAEBC655+8Izq54MIZrXTVF/E1ycHgQWpVcBD+LFkuOjjJd995u/7wM8sFqQqambL0/ME2FTOtxMO65B9i3eAIu4P";
        var envelope = StellarTransactionEnvelope.FromXdrBase64(xdr);
        Assert.Equal(StellarEnvelopeType.TxV0, envelope.EnvelopeType);
        Assert.Equal("a84d534b3742ad89413bdbf259e02fa4c5d039123769e9bcc63616f723a2bcd5", envelope.HashHex(StellarNetwork.Public));
        Assert.Equal(StellarMemoType.Text, envelope.Transaction.Memo.Type);
        Assert.Equal(new byte[] { 0xD1 }, envelope.Transaction.Memo.Bytes.ToArray());
        Assert.Equal(xdr, envelope.ToXdrBase64());
        Assert.True(envelope.IsSignedBy(StrKey.DecodeAccountId(envelope.Transaction.SourceAccount), StellarNetwork.Public));
        // the same transaction re-wrapped as a v1 envelope keeps its hash and signature
        var v1 = new StellarTransactionEnvelope(envelope.Transaction);
        v1.AddSignature(envelope.Signatures[0]);
        Assert.StartsWith("AAAAAgAAAAA", v1.ToXdrBase64());
        Assert.True(v1.IsSignedBy(StrKey.DecodeAccountId(envelope.Transaction.SourceAccount), StellarNetwork.Public));
    }

    [Fact]
    public void JavaSdkOperationXdr_CreateAccountAndPayment()
    {
        // java-stellar-sdk src/test/java/org/stellar/sdk/OperationTest.java testCreateAccountOperation / testPaymentOperation
        const string opSource = "GC5SIC4E3V56VOHJ3OZAX5SJDTWY52JYI2AFK6PUGSXFVRJQYQXXZBZF";
        var create = new CreateAccountOperation(JavaDestination, StellarAmount.ParseStroops("1000"), opSource);
        var pay = new PaymentOperation(JavaDestination, StellarAsset.Native, StellarAmount.ParseStroops("1000"), opSource);
        Assert.Equal("AAAAAQAAAAC7JAuE3XvquOnbsgv2SRztjuk4RoBVefQ0rlrFMMQvfAAAAAAAAAAA7eBSYbzcL5UKo7oXO24y1ckX+XuCtkDsyNHOp1n1bxAAAAACVAvkAA==", OpBase64(create));
        Assert.Equal("AAAAAQAAAAC7JAuE3XvquOnbsgv2SRztjuk4RoBVefQ0rlrFMMQvfAAAAAEAAAAA7eBSYbzcL5UKo7oXO24y1ckX+XuCtkDsyNHOp1n1bxAAAAAAAAAAAlQL5AA=", OpBase64(pay));
    }

    private static string OpBase64(StellarOperation op)
    {
        // an operation's XDR is what follows the operation count in a transaction with that single operation
        var tx = new StellarTransaction(JavaSourceAccount, 100, 1, StellarPreconditions.None, StellarMemo.None, [op]).ToXdr();
        var prefixLength = 4 + 32 + 4 + 8 + 4 + 4 + 4; // source, fee, seq, cond none, memo none, op count
        return Convert.ToBase64String(tx.AsSpan(prefixLength, tx.Length - prefixLength - 4));
    }

    [Fact]
    public void Assets_EncodeAlphanum4And12()
    {
        const string issuer = "GDGU5OAPHNPU5UCLE5RDJHG7PXZFQYWKCFOEXSXNMR6KRQRI5T6XXCD7";
        var issuerKey = StrKey.DecodeAccountId(issuer);
        var usd = StellarAsset.Credit("USD", issuer);
        var long12 = StellarAsset.Credit("TESTTEST", issuer);
        Assert.Equal(StellarAssetType.CreditAlphanum4, usd.Type);
        Assert.Equal(StellarAssetType.CreditAlphanum12, long12.Type);

        var op = new ChangeTrustOperation(usd);
        var bytes = Convert.FromBase64String(OpBase64(op));
        var expected = new List<byte>();
        expected.AddRange(new byte[] { 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 1 });   // no source, CHANGE_TRUST, ALPHANUM4
        expected.AddRange("USD\0"u8.ToArray());
        expected.AddRange(new byte[4]);                                        // PUBLIC_KEY_TYPE_ED25519
        expected.AddRange(issuerKey);
        expected.AddRange(new byte[] { 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }); // limit int64 max
        Assert.Equal(expected.ToArray(), bytes);

        var pay = new PaymentOperation(JavaDestination, long12, 1);
        var payBytes = Convert.FromBase64String(OpBase64(pay));
        Assert.Equal(4 + 4 + 36 + 4 + 12 + 36 + 8, payBytes.Length);
        Assert.Equal("TESTTEST\0\0\0\0"u8.ToArray(), payBytes.AsSpan(4 + 4 + 36 + 4, 12).ToArray());
    }

    [Fact]
    public void RoundTrip_EveryField()
    {
        const string issuer = "GDGU5OAPHNPU5UCLE5RDJHG7PXZFQYWKCFOEXSXNMR6KRQRI5T6XXCD7";
        const string muxed = "MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUAAAAAAFB4CJJBRKA";
        var memos = new[]
        {
            StellarMemo.None, StellarMemo.FromText("payout #42 ✓"), StellarMemo.FromId(ulong.MaxValue),
            StellarMemo.FromHash(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()),
            StellarMemo.FromReturnHash(new byte[32]),
        };
        foreach (var memo in memos)
        {
            using var kp = StellarKeyPair.Random();
            var tx = new StellarTransaction(muxed, 300, long.MaxValue, StellarPreconditions.Time(1, ulong.MaxValue), memo,
            [
                new CreateAccountOperation(JavaDestination, 10_000_000),
                new PaymentOperation(muxed, StellarAsset.Credit("USDC", issuer), 1, kp.AccountId),
                new PaymentOperation(JavaDestination, StellarAsset.Credit("LONGASSET12X", issuer), long.MaxValue, muxed),
                new ChangeTrustOperation(StellarAsset.Credit("EURT1", issuer), 0),
            ]);
            var env = new StellarTransactionEnvelope(tx);
            env.Sign(kp, StellarNetwork.Testnet);
            var decoded = StellarTransactionEnvelope.FromXdrBase64(env.ToXdrBase64());
            var d = decoded.Transaction;
            Assert.Equal(muxed, d.SourceAccount);
            Assert.Equal(300u, d.Fee);
            Assert.Equal(long.MaxValue, d.SequenceNumber);
            Assert.Equal(new StellarTimeBounds(1, ulong.MaxValue), d.Preconditions.TimeBounds);
            Assert.Equal(memo, d.Memo);
            Assert.Equal(tx.Operations, d.Operations);
            Assert.Equal(env.ToXdrBase64(), decoded.ToXdrBase64());
            Assert.Equal(env.HashHex(StellarNetwork.Testnet), decoded.HashHex(StellarNetwork.Testnet));
            Assert.True(decoded.IsSignedBy(kp.PublicKey, StellarNetwork.Testnet));
        }
    }

    [Fact]
    public void Decoder_RejectsMalformedInput()
    {
        var good = Convert.FromBase64String(JavaTestnetEnvelope);
        Assert.Throws<FormatException>(() => StellarTransactionEnvelope.FromXdr(good[..^1]));           // truncated
        Assert.Throws<FormatException>(() => StellarTransactionEnvelope.FromXdr([.. good, 0, 0, 0, 0])); // trailing bytes
        var feeBump = (byte[])good.Clone();
        feeBump[3] = 5;
        Assert.Throws<FormatException>(() => StellarTransactionEnvelope.FromXdr(feeBump));
        var badCond = (byte[])good.Clone();
        badCond[4 + 36 + 4 + 8 + 3] = 2; // PRECOND_V2 is not supported
        Assert.Throws<FormatException>(() => StellarTransactionEnvelope.FromXdr(badCond));
        Assert.Throws<FormatException>(() => StellarTransactionEnvelope.FromXdrBase64("not base64!"));
    }

    [Fact]
    public void NetworkIds()
    {
        Assert.Equal("cee0302d59844d32bdca915c8203dd44b33fbb7edc19051ea37abedf28ecd472", Convert.ToHexStringLower(StellarNetwork.Testnet.NetworkId));
        Assert.Equal("Public Global Stellar Network ; September 2015", StellarNetwork.Public.Passphrase);
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1", 10_000_000L)]
    [InlineData("1000.0", 10_000_000_000L)]
    [InlineData("0.0000001", 1L)]
    [InlineData("12.5", 125_000_000L)]
    [InlineData("922337203685.4775807", long.MaxValue)]
    public void Amounts_Parse(string text, long stroops)
    {
        Assert.Equal(stroops, StellarAmount.ParseStroops(text));
    }

    [Theory]
    [InlineData("0.00000001")]
    [InlineData("922337203685.4775808")]
    [InlineData("1000000000000")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("1e5")]
    [InlineData(" 1")]
    [InlineData("1,5")]
    [InlineData("")]
    public void Amounts_Rejected(string text)
    {
        Assert.Throws<FormatException>(() => StellarAmount.ParseStroops(text));
    }

    [Fact]
    public void Amounts_Format()
    {
        Assert.Equal("12.5000000", StellarAmount.FormatStroops(125_000_000));
        Assert.Equal("0.0000001", StellarAmount.FormatStroops(1));
        Assert.Equal("922337203685.4775807", StellarAmount.FormatStroops(long.MaxValue));
        Assert.Equal("-922337203685.4775808", StellarAmount.FormatStroops(long.MinValue));
    }

    [Fact]
    public void Validation()
    {
        Assert.Throws<ArgumentException>(() => StellarMemo.FromText(new string('a', 29)));
        Assert.Throws<ArgumentException>(() => StellarAsset.Credit("TOOLONGCODE13", JavaDestination));
        Assert.Throws<ArgumentException>(() => StellarAsset.Credit("US D", JavaDestination));
        Assert.Throws<ArgumentException>(() => new ChangeTrustOperation(StellarAsset.Native));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PaymentOperation(JavaDestination, StellarAsset.Native, 0));
        Assert.Throws<ArgumentException>(() => new StellarTransaction(JavaSourceAccount, 100, 1, StellarPreconditions.None, StellarMemo.None, []));
        Assert.Throws<ArgumentException>(() => new CreateAccountOperation("GBAD", 1));
        Assert.Equal(Encoding.UTF8.GetBytes("Hello world!"), StellarMemo.FromText("Hello world!").Bytes.ToArray());
    }
}
