using Microsoft.Extensions.FileProviders;

namespace Rowell.Api.Hosting;

/// <summary>
/// Serves the dashboard's static build (dashboard/dist) at <c>/</c> when one is present: ROWELL_DASHBOARD_DIR,
/// else wwwroot beside the API (the Docker image), else ../dashboard/dist from the content root (dotnet run).
/// In the stack nginx serves the same files (the frontend role); the API serving them too is harmless.
/// </summary>
public static class DashboardFiles
{
    // The dashboard talks to this origin only; inline styles are set by React and the chart library.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static WebApplication UseRowellDashboard(this WebApplication app)
    {
        var root = Locate(app);
        if (root is null)
        {
            return app;
        }
        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = ctx =>
            {
                var headers = ctx.Context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                // Hashed asset names never change content; index.html must be re-read to pick up a new build.
                headers.CacheControl = ctx.File.Name.EndsWith(".html", StringComparison.Ordinal) ? "no-cache" : "public, max-age=31536000, immutable";
            },
        });
        app.Logger.LogInformation("Dashboard served at / from {Root}", root);
        return app;
    }

    private static string? Locate(WebApplication app)
    {
        var configured = app.Configuration["ROWELL_DASHBOARD_DIR"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(Path.Combine(configured, "index.html")) ? Path.GetFullPath(configured) : null;
        }
        var content = app.Environment.ContentRootPath;
        return new[] { Path.Combine(content, "wwwroot"), Path.Combine(content, "..", "dashboard", "dist") }
            .Select(Path.GetFullPath)
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "index.html")));
    }
}
