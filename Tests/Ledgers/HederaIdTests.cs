using NSec.Cryptography;
using Rowell.Grains.Ledgers.Hedera;

namespace Rowell.Tests.Ledgers;

public class HederaIdTests
{
    // hedera-sdk-java sdk/src/test/java/com/hedera/hashgraph/sdk/AccountIdTest.java (HIP-15 examples):
    // 0.0.123-vfmkw mainnet, 0.0.123-esxsf testnet, 0.0.123-ogizo previewnet.
    [Theory]
    [InlineData("0.0.123", HederaLedgerId.Mainnet, "vfmkw")]
    [InlineData("0.0.123", HederaLedgerId.Testnet, "esxsf")]
    [InlineData("0.0.123", HederaLedgerId.Previewnet, "ogizo")]
    public void Hip15_ChecksumVectors(string account, HederaLedgerId ledger, string checksum)
    {
        var id = HederaAccountId.Parse(account);
        Assert.Equal($"{account}-{checksum}", id.ToStringWithChecksum(ledger));
        Assert.True(id.VerifyChecksum(checksum, ledger));
        Assert.Equal(id, HederaAccountId.Parse($"{account}-{checksum}", ledger));
    }

    [Fact]
    public void Hip15_BadChecksumRejected()
    {
        // AccountIdTest.badChecksumOnPreviewnet: 0.0.123-ntjli is wrong for previewnet
        var id = HederaAccountId.Parse("0.0.123-ntjli");
        Assert.False(id.VerifyChecksum("ntjli", HederaLedgerId.Previewnet));
        Assert.Throws<FormatException>(() => HederaAccountId.Parse("0.0.123-ntjli", HederaLedgerId.Previewnet));
        Assert.False(id.VerifyChecksum("esxsf", HederaLedgerId.Mainnet));
    }

    [Theory]
    [InlineData("0.0.123", 0, 0, 123)]
    [InlineData("0.0.0", 0, 0, 0)]
    [InlineData("1.2.3", 1, 2, 3)]
    [InlineData("0.0.123-vfmkw", 0, 0, 123)]
    [InlineData("0.0.9223372036854775807", 0, 0, long.MaxValue)]
    public void Parse_Valid(string s, long shard, long realm, long num)
    {
        Assert.True(HederaAccountId.TryParse(s, out var id));
        Assert.Equal(new HederaAccountId(shard, realm, num), id);
        Assert.Equal(id, HederaAccountId.Parse(s));
        Assert.Equal($"{shard}.{realm}.{num}", id.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0.0")]
    [InlineData("0.0.")]
    [InlineData("0.0.x")]
    [InlineData("0.0.-1")]
    [InlineData("0.0.+1")]
    [InlineData(" 0.0.1")]
    [InlineData("0.0.01")]
    [InlineData("0.0.1.2")]
    [InlineData("0.0.123-ntjl")]   // AccountIdTest.malformedIdChecksum
    [InlineData("0.0.123-ntjl1")]  // AccountIdTest.malformedIdChecksum2
    [InlineData("0.0.123-VFMKW")]
    [InlineData("0.0.123-")]
    [InlineData("0.0.9223372036854775808")]
    public void Parse_Invalid(string? s)
    {
        Assert.False(HederaAccountId.TryParse(s, out _));
        if (s is not null)
        {
            Assert.Throws<FormatException>(() => HederaAccountId.Parse(s));
        }
    }

    // hedera-sdk-java sdk/src/test/java/com/hedera/hashgraph/sdk/Ed25519PrivateKeyTest.java
    // (TEST_KEY_STR, MESSAGE_STR, SIG_STR) and Ed25519PublicKeyTest.java (TEST_KEY_STR).
    private const string JavaPrivateDer = "302e020100300506032b657004220420db484b828e64b2d8f12ce3c0a0e93a0b8cce7af1bb8f39c97732394482538e10";
    private const string JavaSeed = "db484b828e64b2d8f12ce3c0a0e93a0b8cce7af1bb8f39c97732394482538e10";
    private const string JavaPublicDer = "302a300506032b6570032100e0c8ec2758a5879ffac226a13c0c516b799e72e35141a0dd828f94d37988a4b7";
    private const string JavaPublic = "e0c8ec2758a5879ffac226a13c0c516b799e72e35141a0dd828f94d37988a4b7";
    private const string JavaMessage = "This is a message about the world.";
    private const string JavaSignature = "73bea53f31ca9c42a422ecb7516ec08d0bbd1a6bfd630ccf10ec1872454814d29f4a8011129cd007eab544af01a75f508285b591e5bed24b68f927751e49e30e";

    [Fact]
    public void Der_RoundTrips_AndMatchesSdkVector()
    {
        var seed = Convert.FromHexString(JavaSeed);
        var pub = Convert.FromHexString(JavaPublic);
        Assert.Equal(JavaPrivateDer, Convert.ToHexStringLower(HederaKeys.PrivateKeyToDer(seed)));
        Assert.Equal(JavaPublicDer, Convert.ToHexStringLower(HederaKeys.PublicKeyToDer(pub)));
        Assert.Equal(seed, HederaKeys.PrivateKeyFromDer(Convert.FromHexString(JavaPrivateDer)));
        Assert.Equal(pub, HederaKeys.PublicKeyFromDer(Convert.FromHexString(JavaPublicDer)));
    }

    [Fact]
    public void SdkVector_SeedDerivesPublicKey_AndSignatureReproduces()
    {
        using var key = Key.Import(SignatureAlgorithm.Ed25519, Convert.FromHexString(JavaSeed), KeyBlobFormat.RawPrivateKey);
        Assert.Equal(JavaPublic, Convert.ToHexStringLower(key.PublicKey.Export(KeyBlobFormat.RawPublicKey)));
        var sig = SignatureAlgorithm.Ed25519.Sign(key, System.Text.Encoding.UTF8.GetBytes(JavaMessage));
        Assert.Equal(JavaSignature, Convert.ToHexStringLower(sig));
    }

    [Fact]
    public void Der_RejectsGarbage()
    {
        Assert.Throws<FormatException>(() => HederaKeys.PublicKeyFromDer(Convert.FromHexString(JavaPrivateDer)));
        Assert.Throws<FormatException>(() => HederaKeys.PrivateKeyFromDer(Convert.FromHexString(JavaPublicDer)));
        Assert.Throws<FormatException>(() => HederaKeys.PublicKeyFromDer(Convert.FromHexString(JavaPublic)));
        Assert.Throws<FormatException>(() => HederaKeys.PublicKeyFromDer(Convert.FromHexString(JavaPublicDer + "00")));
        Assert.Throws<ArgumentException>(() => HederaKeys.PublicKeyToDer(new byte[31]));
        Assert.Throws<ArgumentException>(() => HederaKeys.PrivateKeyToDer(new byte[64]));
    }

    [Fact]
    public void Der_RandomRoundTrip()
    {
        var rng = new Random(7);
        var k = new byte[32];
        for (var i = 0; i < 50; i++)
        {
            rng.NextBytes(k);
            Assert.Equal(k, HederaKeys.PublicKeyFromDer(HederaKeys.PublicKeyToDer(k)));
            Assert.Equal(k, HederaKeys.PrivateKeyFromDer(HederaKeys.PrivateKeyToDer(k)));
        }
    }
}
