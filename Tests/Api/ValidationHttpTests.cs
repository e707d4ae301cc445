using System.Text;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Api;

/// <summary>Every bad input gets a specific 4xx envelope and creates nothing.</summary>
[Collection(ApiCollection.Name)]
public sealed class ValidationHttpTests(ApiFixture fixture)
{
    private const string Valid = """{"network":"stellar","environment":"testnet","account_type":"user","country_code":"KE"}""";

    public static TheoryData<string, string, string?> InvalidBodies => new()
    {
        { """{"network":"bitcoin","environment":"testnet","account_type":"user","country_code":"KE"}""", "VALIDATION_ERROR", "network" },
        { """{"network":"Stellar","environment":"testnet","account_type":"user","country_code":"KE"}""", "VALIDATION_ERROR", "network" },
        { """{"network":"stellar","environment":"devnet","account_type":"user","country_code":"KE"}""", "VALIDATION_ERROR", "environment" },
        { """{"network":"stellar","environment":"testnet","account_type":"bank","country_code":"KE"}""", "VALIDATION_ERROR", "account_type" },
        { """{"network":"stellar","environment":"testnet","account_type":"user","country_code":"US"}""", "VALIDATION_ERROR", "country_code" },
        { """{"network":"stellar","environment":"testnet","account_type":"user","country_code":"ke"}""", "VALIDATION_ERROR", "country_code" },
        { """{"environment":"testnet","account_type":"user","country_code":"KE"}""", "VALIDATION_ERROR", "network" },
        { """{"network":"stellar","environment":"testnet","account_type":"user"}""", "VALIDATION_ERROR", "country_code" },
        { """{"network":1,"environment":"testnet","account_type":"user","country_code":"KE"}""", "VALIDATION_ERROR", "network" },
        { """{"network":"stellar","environment":"testnet","account_type":"user","country_code":"KE","metadata":"x"}""", "VALIDATION_ERROR", "metadata" },
        { """{"network":"stellar","environment":"testnet","account_type":"user","country_code":"KE","metadata":{"a":1}}""", "VALIDATION_ERROR", "metadata.a" },
        { """{"network":"stellar","environment":"testnet","account_type":"user","country_code":"KE","colour":"red"}""", "VALIDATION_ERROR", "colour" },
        { """{"network":"stellar","network":"hedera","environment":"testnet","account_type":"user","country_code":"KE"}""", "VALIDATION_ERROR", "network" },
        { """{"network":"stellar",""", "INVALID_JSON", null },
        { "not json", "INVALID_JSON", null },
        { "[1,2]", "INVALID_JSON", null },
        { "", "INVALID_JSON", null },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_account_bodies_get_a_specific_400_and_create_nothing(string body, string code, string? field)
    {
        var (client, _, _) = await fixture.Factory.NewDeveloperAsync();
        var error = await Http.ErrorAsync(await client.PostAsync("/api/v1/accounts/create", ApiFactory.Raw(body)), 400, code);
        if (field is not null)
        {
            Assert.Equal(field, error.GetProperty("details").GetProperty("field").GetString());
        }
        await AssertNoAccounts(client);
    }

    [Fact]
    public async Task A_one_megabyte_body_is_413_and_creates_nothing()
    {
        var (client, _, _) = await fixture.Factory.NewDeveloperAsync();
        var huge = Valid[..^1] + ",\"metadata\":{\"blob\":\"" + new string('x', 1024 * 1024) + "\"}}";
        await Http.ErrorAsync(await client.PostAsync("/api/v1/accounts", ApiFactory.Raw(huge)), 413, "PAYLOAD_TOO_LARGE");
        await AssertNoAccounts(client);
    }

    [Fact]
    public async Task Another_media_type_is_415()
    {
        var (client, _, _) = await fixture.Factory.NewDeveloperAsync();
        await Http.ErrorAsync(await client.PostAsync("/api/v1/accounts", ApiFactory.Raw(Valid, "text/plain")), 415, "UNSUPPORTED_MEDIA_TYPE");
        await Http.ErrorAsync(await client.PostAsync("/api/v1/accounts", new FormUrlEncodedContent([new("network", "stellar")])), 415, "UNSUPPORTED_MEDIA_TYPE");
        await AssertNoAccounts(client);
    }

    [Fact]
    public async Task Wrong_method_and_unknown_route_get_envelopes()
    {
        var (client, _, _) = await fixture.Factory.NewDeveloperAsync();
        await Http.ErrorAsync(await client.DeleteAsync("/api/v1/accounts"), 405, "METHOD_NOT_ALLOWED");
        await Http.ErrorAsync(await client.PutAsync("/api/v1/accounts/create", ApiFactory.Raw(Valid)), 405, "METHOD_NOT_ALLOWED");
        await Http.ErrorAsync(await client.GetAsync("/api/v1/nothing-here"), 404, "NOT_FOUND");
        await Http.ErrorAsync(await fixture.Factory.CreateClient().GetAsync("/nothing-here"), 404, "NOT_FOUND");
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("network=solana", "network")]
    [InlineData("account_type=bank", "account_type")]
    [InlineData("starting_after=acc_unknownunknownunkn", "starting_after")]
    [InlineData("starting_after=a&ending_before=b", "ending_before")]
    public async Task Bad_list_parameters_are_400(string query, string field)
    {
        var (client, _, _) = await fixture.Factory.NewDeveloperAsync();
        var error = await Http.ErrorAsync(await client.GetAsync("/api/v1/accounts?" + query), 400, "VALIDATION_ERROR");
        Assert.Equal(field, error.GetProperty("details").GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("""{"first_name":"A","last_name":"B"}""", "email")]
    [InlineData("""{"email":"not-an-email","first_name":"A","last_name":"B"}""", "email")]
    [InlineData("""{"email":"a@example.com","last_name":"B"}""", "first_name")]
    [InlineData("""{"email":"a@example.com","first_name":"A","last_name":"B","country_code":"FR"}""", "country_code")]
    [InlineData("""{"email":"a@example.com","first_name":"A","last_name":"B","role":"admin"}""", "role")]
    public async Task Bad_registrations_are_400(string body, string field)
    {
        var error = await Http.ErrorAsync(await fixture.Factory.CreateClient().PostAsync("/api/v1/developers/register", ApiFactory.Raw(body)), 400, "VALIDATION_ERROR");
        Assert.Equal(field, error.GetProperty("details").GetProperty("field").GetString());
    }

    [Fact]
    public async Task An_email_registers_once()
    {
        var client = fixture.Factory.CreateClient();
        var email = $"Once{Guid.NewGuid():N}@Example.com";
        await Http.ReadAsync(await client.PostAsync("/api/v1/developers/register", ApiFactory.Json(new { email, first_name = "A", last_name = "B" })), 201);
        await Http.ErrorAsync(await client.PostAsync("/api/v1/developers/register", ApiFactory.Json(new { email = email.ToLowerInvariant(), first_name = "C", last_name = "D" })), 409, "CONFLICT");
    }

    [Fact]
    public async Task The_developer_sees_itself_and_never_its_key_again()
    {
        var (client, developerId, key) = await fixture.Factory.NewDeveloperAsync();
        var me = await Http.ReadAsync(await client.GetAsync("/api/v1/developers/me"), 200);
        Assert.Equal(developerId, me.GetProperty("data").GetProperty("id").GetString());
        Assert.DoesNotContain(key, me.ToString());
    }

    private static async Task AssertNoAccounts(HttpClient client)
    {
        var list = await Http.ReadAsync(await client.GetAsync("/api/v1/accounts"), 200);
        Assert.Equal(0, list.GetProperty("data").GetProperty("items").GetArrayLength());
    }
}
