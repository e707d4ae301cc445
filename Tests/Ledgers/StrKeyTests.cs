using NSec.Cryptography;
using Rowell.Grains.Ledgers.Stellar;

namespace Rowell.Tests.Ledgers;

public class StrKeyTests
{
    // RFC 8032 section 7.1, TEST 1.
    private const string Rfc8032Seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private const string Rfc8032Public = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private const string Rfc8032AccountId = "GDLVVGABQKYQVN6VJP7NHSLEA45A5YLS6PNKMIZFV4BBU2HXA5IRVHUR";
    private const string Rfc8032SecretSeed = "SCOWDMM5576VUYF2QRFPJEXMFTCEISOFNF5TE2IZOA52YAY4VZ7WBQNO";

    // SEP-0023 valid test case, also in js-stellar-base test/unit/strkey_test.js (PUBKEY / MPUBKEY / RAW_MPUBKEY).
    private const string Sep23AccountId = "GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGZ";
    private const string Sep23PublicKeyHex = "3f0c34bf93ad0d9971d04ccc90f705511c838aad9734a4a2fb0d7a03fc7fe89a";

    private static byte[] PublicKeyFromSeed(byte[] seed)
    {
        using var key = Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey);
        return key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    [Fact]
    public void Rfc8032Test1_SeedDerivesPublicKey_AndEncodesToKnownStrKeys()
    {
        var seed = Convert.FromHexString(Rfc8032Seed);
        var pub = PublicKeyFromSeed(seed);
        Assert.Equal(Rfc8032Public, Convert.ToHexStringLower(pub));
        Assert.Equal(Rfc8032AccountId, StrKey.EncodeAccountId(pub));
        Assert.Equal(Rfc8032SecretSeed, StrKey.EncodeSecretSeed(seed));
    }

    [Fact]
    public void Rfc8032Test1_DecodesBack()
    {
        Assert.Equal(Rfc8032Public, Convert.ToHexStringLower(StrKey.DecodeAccountId(Rfc8032AccountId)));
        Assert.Equal(Rfc8032Seed, Convert.ToHexStringLower(StrKey.DecodeSecretSeed(Rfc8032SecretSeed)));
        Assert.True(StrKey.IsValidAccountId(Rfc8032AccountId));
        Assert.True(StrKey.IsValidSecretSeed(Rfc8032SecretSeed));
        Assert.False(StrKey.IsValidAccountId(Rfc8032SecretSeed));
        Assert.False(StrKey.IsValidSecretSeed(Rfc8032AccountId));
    }

    [Fact]
    public void RandomKeys_RoundTrip()
    {
        var rng = new Random(42);
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[32];
            rng.NextBytes(bytes);
            var g = StrKey.EncodeAccountId(bytes);
            var s = StrKey.EncodeSecretSeed(bytes);
            Assert.Equal(56, g.Length);
            Assert.StartsWith("G", g);
            Assert.StartsWith("S", s);
            Assert.Equal(bytes, StrKey.DecodeAccountId(g));
            Assert.Equal(bytes, StrKey.DecodeSecretSeed(s));
            var id = (ulong)rng.NextInt64() * 3;
            var m = StrKey.EncodeMuxedAccount(bytes, id);
            Assert.Equal(69, m.Length);
            var (pk, decodedId) = StrKey.DecodeMuxedAccount(m);
            Assert.Equal(bytes, pk);
            Assert.Equal(id, decodedId);
        }
    }

    [Fact]
    public void Sep23_ValidAccountId()
    {
        Assert.Equal(Sep23PublicKeyHex, Convert.ToHexStringLower(StrKey.DecodeAccountId(Sep23AccountId)));
        Assert.Equal(Sep23AccountId, StrKey.EncodeAccountId(Convert.FromHexString(Sep23PublicKeyHex)));
    }

    // js-stellar-base test/unit/strkey_test.js '#muxedAccounts' CASES (SEP-0023 muxed examples).
    [Theory]
    [InlineData("MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVAAAAAAAAAAAAAJLK", 9223372036854775808UL)]
    [InlineData("MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUAAAAAAFB4CJJBRKA", 1357924680UL)]
    [InlineData("MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUAAAAAAAAAAE2JUG6", 1234UL)]
    [InlineData("MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUAAAAAAAAAAAACJUQ", 0UL)]
    public void Sep23_MuxedAccounts(string muxed, ulong id)
    {
        var (pk, decodedId) = StrKey.DecodeMuxedAccount(muxed);
        Assert.Equal(Sep23PublicKeyHex, Convert.ToHexStringLower(pk));
        Assert.Equal(id, decodedId);
        Assert.Equal(muxed, StrKey.EncodeMuxedAccount(pk, id));
        Assert.True(StrKey.IsValidMuxedAccount(muxed));
    }

    // js-stellar-base test/unit/strkey_test.js '#isValidEd25519PublicKey' / '#isValidSecretKey' valid lists.
    [Theory]
    [InlineData("GBBM6BKZPEHWYO3E3YKREDPQXMS4VK35YLNU7NFBRI26RAN7GI5POFBB")]
    [InlineData("GB7KKHHVYLDIZEKYJPAJUOTBE5E3NJAXPSDZK7O6O44WR3EBRO5HRPVT")]
    [InlineData("GD6WVYRVID442Y4JVWFWKWCZKB45UGHJAABBJRS22TUSTWGJYXIUR7N2")]
    [InlineData("GBCG42WTVWPO4Q6OZCYI3D6ZSTFSJIXIS6INCIUF23L6VN3ADE4337AP")]
    [InlineData("GDFX463YPLCO2EY7NGFMI7SXWWDQAMASGYZXCG2LATOF3PP5NQIUKBPT")]
    [InlineData("GBXEODUMM3SJ3QSX2VYUWFU3NRP7BQRC2ERWS7E2LZXDJXL2N66ZQ5PT")]
    [InlineData("GAJHORKJKDDEPYCD6URDFODV7CVLJ5AAOJKR6PG2VQOLWFQOF3X7XLOG")]
    [InlineData("GACXQEAXYBEZLBMQ2XETOBRO4P66FZAJENDHOQRYPUIXZIIXLKMZEXBJ")]
    [InlineData("GDD3XRXU3G4DXHVRUDH7LJM4CD4PDZTVP4QHOO4Q6DELKXUATR657OZV")]
    [InlineData("GDTYVCTAUQVPKEDZIBWEJGKBQHB4UGGXI2SXXUEW7LXMD4B7MK37CWLJ")]
    public void PublishedValidAccountIds(string accountId)
    {
        Assert.True(StrKey.IsValidAccountId(accountId));
        Assert.Equal(accountId, StrKey.EncodeAccountId(StrKey.DecodeAccountId(accountId)));
    }

    [Theory]
    [InlineData("SAB5556L5AN5KSR5WF7UOEFDCIODEWEO7H2UR4S5R62DFTQOGLKOVZDY")]
    [InlineData("SCZTUEKSEH2VYZQC6VLOTOM4ZDLMAGV4LUMH4AASZ4ORF27V2X64F2S2")]
    [InlineData("SCGNLQKTZ4XCDUGVIADRVOD4DEVNYZ5A7PGLIIZQGH7QEHK6DYODTFEH")]
    [InlineData("SDH6R7PMU4WIUEXSM66LFE4JCUHGYRTLTOXVUV5GUEPITQEO3INRLHER")]
    [InlineData("SC2RDTRNSHXJNCWEUVO7VGUSPNRAWFCQDPP6BGN4JFMWDSEZBRAPANYW")]
    [InlineData("SCEMFYOSFZ5MUXDKTLZ2GC5RTOJO6FGTAJCF3CCPZXSLXA2GX6QUYOA7")]
    public void PublishedValidSecretSeeds(string seed)
    {
        Assert.True(StrKey.IsValidSecretSeed(seed));
        Assert.Equal(seed, StrKey.EncodeSecretSeed(StrKey.DecodeSecretSeed(seed)));
    }

    // js-stellar-base test/unit/strkey_test.js: '#decodeCheck' and '#isValidEd25519PublicKey' invalid lists.
    [Theory]
    [InlineData("GBPXXOA5N4JYPESHAADMQKBPWZWQDQ64ZV6ZL2S3LAGW4SY7NTCMWIVT")] // checksum
    [InlineData("GADE5QJ2TY7S5ZB65Q43DFGWYWCPHIYDJ2326KZGAGBN7AE5UY6JVDRRA")] // too long / non-canonical
    [InlineData("GB6OWYST45X57HCJY5XWOHDEBULB6XUROWPIKW77L5DSNANBEQGUPADT2")]
    [InlineData("GB6OWYST45X57HCJY5XWOHDEBULB6XUROWPIKW77L5DSNANBEQGUPADT2T")]
    [InlineData("GDXIIZTKTLVYCBHURXL2UPMTYXOVNI7BRAEFQCP6EZCY4JLKY4VKFNLT")]
    [InlineData("SAB5556L5AN5KSR5WF7UOEFDCIODEWEO7H2UR4S5R62DFTQOGLKOVZDY")] // a seed, not an account id
    [InlineData("GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGZA")] // SEP-23: length 1 mod 8
    [InlineData("G47QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVP2I")] // SEP-23: bad algorithm bits
    [InlineData("GAAAAAAAACGC6")]                                              // SEP-23: 5-byte payload
    [InlineData("GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUACUSI")] // SEP-23: 36 bytes
    [InlineData("ga7qynf7sowq3glr2bgmzehxavirza4kvwltjjfc7mgxua74p7ujvsgz")] // lowercase
    [InlineData("")]
    [InlineData(null)]
    public void InvalidAccountIds(string? accountId)
    {
        Assert.False(StrKey.IsValidAccountId(accountId));
        if (accountId is not null)
        {
            Assert.Throws<FormatException>(() => StrKey.DecodeAccountId(accountId));
        }
    }

    [Theory]
    [InlineData("SBGWKM3CD4IL47QN6X54N6Y33T3JDNVI6AIJ6CD5IM47HG3IG4O36XCX")] // checksum
    [InlineData("SB7OJNF5727F3RJUG5ASQJ3LUM44ELLNKW35ZZQDHMVUUQNGYW")]
    [InlineData("SB7OJNF5727F3RJUG5ASQJ3LUM44ELLNKW35ZZQDHMVUUQNGYWMEGB2W2")]
    [InlineData("SB7OJNF5727F3RJUG5ASQJ3LUM44ELLNKW35ZZQDHMVUUQNGYWMEGB2W2T")]
    [InlineData("GBBM6BKZPEHWYO3E3YKREDPQXMS4VK35YLNU7NFBRI26RAN7GI5POFBB")] // an account id
    [InlineData("SAB5556L5AN5KSR5WF7UOEFDCIODEWEO7H2UR4S5R62DFTQOGLKOVZDYT")] // too long
    [InlineData("SAFGAMN5Z6IHVI3IVEPIILS7ITZDYSCEPLN4FN5Z3IY63DRH4CIYEV")]   // too short
    [InlineData("SAFGAMN5Z6IHVI3IVEPIILS7ITZDYSCEPLN4FN5Z3IY63DRH4CIYEVIT")] // checksum
    public void InvalidSecretSeeds(string seed)
    {
        Assert.False(StrKey.IsValidSecretSeed(seed));
        Assert.Throws<FormatException>(() => StrKey.DecodeSecretSeed(seed));
    }

    // SEP-0023 invalid test cases for M addresses (js-stellar-base test/unit/strkey_test.js '#invalidStrKeys').
    [Theory]
    [InlineData("MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUAAAAAAAAAAAACJUR")]    // trailing bit set
    [InlineData("MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVAAAAAAAAAAAAAJLKA")]   // length 6 mod 8
    [InlineData("M47QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUAAAAAAAAAAAACJUQ")]    // algorithm bits
    [InlineData("MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUAAAAAAAAAAAACJUK===")] // padding
    [InlineData("MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUAAAAAAAAAAAACJUO")]    // checksum
    [InlineData("MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVAAAAAAAAAAAAAAV75I")]  // 44 bytes
    [InlineData("GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGZ")]                 // a G address
    public void Sep23_InvalidMuxed(string muxed)
    {
        Assert.False(StrKey.IsValidMuxedAccount(muxed));
        Assert.Throws<FormatException>(() => StrKey.DecodeMuxedAccount(muxed));
    }

    [Fact]
    public void CorruptedChecksum_Rejected()
    {
        // flip the last character of a valid key: the CRC bytes change, payload does not
        var bad = Rfc8032AccountId[..^1] + (Rfc8032AccountId[^1] == 'A' ? 'B' : 'A');
        Assert.Throws<FormatException>(() => StrKey.DecodeAccountId(bad));
        // flip a character in the middle: payload changes, CRC no longer matches
        var chars = Rfc8032AccountId.ToCharArray();
        chars[20] = chars[20] == 'A' ? 'B' : 'A';
        Assert.Throws<FormatException>(() => StrKey.DecodeAccountId(new string(chars)));
    }

    [Fact]
    public void WrongVersionByte_Rejected()
    {
        var payload = Convert.FromHexString(Rfc8032Public);
        var asSeed = StrKey.EncodeSecretSeed(payload);
        var asPreAuth = StrKey.EncodeCheck(StrKey.VersionPreAuthTx, payload);
        Assert.Throws<FormatException>(() => StrKey.DecodeAccountId(asSeed));
        Assert.Throws<FormatException>(() => StrKey.DecodeAccountId(asPreAuth));
        Assert.Throws<FormatException>(() => StrKey.DecodeSecretSeed(Rfc8032AccountId));
    }

    [Fact]
    public void WrongLength_Rejected()
    {
        // a correctly check-summed G key with a 31- and 33-byte payload
        var shortKey = StrKey.EncodeCheck(StrKey.VersionAccountId, new byte[31]);
        var longKey = StrKey.EncodeCheck(StrKey.VersionAccountId, new byte[33]);
        Assert.Throws<FormatException>(() => StrKey.DecodeAccountId(shortKey));
        Assert.Throws<FormatException>(() => StrKey.DecodeAccountId(longKey));
        Assert.Throws<ArgumentException>(() => StrKey.EncodeAccountId(new byte[31]));
        Assert.Throws<ArgumentException>(() => StrKey.EncodeSecretSeed(new byte[33]));
    }

    [Fact]
    public void NonCanonicalBase32_Rejected()
    {
        // A G key (35 bytes = 280 bits = 56 chars) has no spare bits; an M address (43 bytes = 344 bits
        // in 69 chars = 345 bits) has one unused trailing bit that must be zero.
        const string valid = "MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUAAAAAAAAAAAACJUQ";
        var nonCanonical = valid[..^1] + "R"; // Q=16, R=17: same bytes, unused bit set
        Assert.Throws<FormatException>(() => Base32.Decode(nonCanonical));
        Assert.Throws<FormatException>(() => StrKey.DecodeMuxedAccount(nonCanonical));
        Assert.Throws<FormatException>(() => StrKey.DecodeAccountId(Rfc8032AccountId.ToLowerInvariant()));
        Assert.Throws<FormatException>(() => StrKey.DecodeAccountId(Rfc8032AccountId[..^1] + "1"));
    }

    [Fact]
    public void Crc16XModem_CheckValue()
    {
        // the standard CRC catalogue check value of CRC-16/XMODEM over "123456789" is 0x31C3
        Assert.Equal(0x31C3, Crc16XModem.Compute("123456789"u8));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("f", "MY")]
    [InlineData("fo", "MZXQ")]
    [InlineData("foo", "MZXW6")]
    [InlineData("foob", "MZXW6YQ")]
    [InlineData("fooba", "MZXW6YTB")]
    [InlineData("foobar", "MZXW6YTBOI")]
    public void Base32_Rfc4648Vectors(string plain, string encoded)
    {
        // RFC 4648 section 10, padding removed
        Assert.Equal(encoded, Base32.Encode(System.Text.Encoding.ASCII.GetBytes(plain)));
        Assert.Equal(plain, System.Text.Encoding.ASCII.GetString(Base32.Decode(encoded)));
    }
}
