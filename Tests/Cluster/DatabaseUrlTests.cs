using Npgsql;
using Rowell.Grains.Hosting;

namespace Rowell.Tests.Cluster;

public sealed class DatabaseUrlTests
{
    [Fact]
    public void The_seed_url_form_becomes_a_connection_string()
    {
        var cs = new NpgsqlConnectionStringBuilder(DatabaseUrl.ToConnectionString("postgresql://rowell:p%40ss@db.internal:5433/rowell_prod?sslmode=require"));
        Assert.Equal("db.internal", cs.Host);
        Assert.Equal(5433, cs.Port);
        Assert.Equal("rowell_prod", cs.Database);
        Assert.Equal("rowell", cs.Username);
        Assert.Equal("p@ss", cs.Password);
        Assert.Equal(SslMode.Require, cs.SslMode);
    }

    [Fact]
    public void A_plain_connection_string_passes_through_and_the_default_port_is_5432()
    {
        Assert.Equal("h", new NpgsqlConnectionStringBuilder(DatabaseUrl.ToConnectionString("Host=h;Database=d")).Host);
        Assert.Equal(5432, new NpgsqlConnectionStringBuilder(DatabaseUrl.ToConnectionString("postgres://u@h/d")).Port);
    }
}
