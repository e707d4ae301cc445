using Microsoft.AspNetCore.Http;
using Rowell.Grains.Webhooks;
using StandardWebhooks;

namespace Rowell.Tests.Webhooks;

/// <summary>The signer against the Standard Webhooks published test vectors, and against the official verifier.</summary>
public sealed class WebhookSignerTests
{
    // From the specification's reference libraries (libraries/go/webhook_symmetric_test.go and the JS/Rust suites).
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long VectorTimestamp = 1614265330;
    private const string VectorPayload = "{\"test\": 2432232314}";
    private const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    internal const string OtherSecret = "whsec_dGhpcyBpcyBub3QgdGhlIHNlY3JldCB5b3Ugd2FudA==";

    [Fact]
    public void The_published_vector_signs_to_the_published_signature()
    {
        Assert.Equal(VectorSignature, WebhookSigner.Sign(VectorId, VectorTimestamp, VectorPayload, WebhookSigner.KeyOf(VectorSecret)));
        // The key is the base64-decoded part after whsec_, not the UTF-8 of the whole string.
        Assert.NotEqual(VectorSignature, WebhookSigner.Sign(VectorId, VectorTimestamp, VectorPayload, System.Text.Encoding.UTF8.GetBytes(VectorSecret)));
        Assert.NotEqual(VectorSignature, WebhookSigner.Sign(VectorId, VectorTimestamp + 1, VectorPayload, WebhookSigner.KeyOf(VectorSecret)));
    }

    [Fact]
    public async Task While_rotating_both_signatures_are_sent_and_a_spec_verifier_accepts_either_secret()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var oldSecret = WebhookSigner.NewSecret();
        var newSecret = WebhookSigner.NewSecret();
        Assert.StartsWith("whsec_", newSecret);
        Assert.Equal(32, WebhookSigner.KeyOf(newSecret).Length);
        var body = "{\"id\":\"evt_1\",\"object\":\"event\"}";
        var header = WebhookSigner.Header("evt_1", now, body, [WebhookSigner.KeyOf(newSecret), WebhookSigner.KeyOf(oldSecret)]);
        Assert.Equal(2, header.Split(' ').Length);
        var headers = new HeaderDictionary { ["webhook-id"] = "evt_1", ["webhook-timestamp"] = now.ToString(), ["webhook-signature"] = header };
        Assert.True(await SpecVerifier.VerifiesAsync(newSecret, headers, body));
        Assert.True(await SpecVerifier.VerifiesAsync(oldSecret, headers, body));
        Assert.False(await SpecVerifier.VerifiesAsync(OtherSecret, headers, body));
        Assert.False(await SpecVerifier.VerifiesAsync(newSecret, headers, body + " "));
        // The NuGet verifier reads the first signature of the list: the new key's, which it accepts.
        new StandardWebhook(newSecret).Verify(body, headers);
    }

    [Fact]
    public async Task Both_verifiers_accept_the_published_vector_signed_by_us_at_a_current_time()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var headers = new HeaderDictionary
        {
            ["webhook-id"] = VectorId,
            ["webhook-timestamp"] = now.ToString(),
            ["webhook-signature"] = WebhookSigner.Sign(VectorId, now, VectorPayload, WebhookSigner.KeyOf(VectorSecret)),
        };
        new StandardWebhook(VectorSecret).Verify(VectorPayload, headers);
        Assert.True(await SpecVerifier.VerifiesAsync(VectorSecret, headers, VectorPayload));
        headers["webhook-signature"] = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
        Assert.ThrowsAny<Exception>(() => new StandardWebhook(VectorSecret).Verify(VectorPayload, headers));
        Assert.False(await SpecVerifier.VerifiesAsync(VectorSecret, headers, VectorPayload));
    }
}
