using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;

namespace MusicDashboard.Dashboard.Security;

/// <summary>
/// Headers on every response: no MIME sniffing, no framing (X-Frame-Options and CSP frame-ancestors), no referrer beyond
/// this origin, and a Content-Security-Policy the pages work under: scripts from this origin only (plus the import map
/// Blazor writes inline, allowed by its hash, and eval for Plotly's WebGL scatter, whose shaders regl compiles at run
/// time), styles from this origin and inline (MudBlazor and Plotly set style attributes), images and media from this
/// origin, data: and blob:, connections (the SignalR circuit and hub) to this origin only, no plugins, no foreign forms.
/// </summary>
public static class SecurityHeaders
{
    public const string BasePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-eval'{0}; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; media-src 'self' blob:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; " +
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static void UseSecurityHeaders(this WebApplication app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = Policy(context);
            return Task.CompletedTask;
        });
        await next(context);
    });

    /// <summary>The policy for this response: the page's import map (when the endpoint renders one) is allowed by its hash.</summary>
    public static string Policy(HttpContext context)
    {
        var importMap = context.GetEndpoint()?.Metadata.GetMetadata<ImportMapDefinition>();
        return string.Format(System.Globalization.CultureInfo.InvariantCulture, BasePolicy, importMap is null ? "" : $" '{Hash(importMap.ToString())}'");
    }

    private static string Hash(string script) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)));
}
