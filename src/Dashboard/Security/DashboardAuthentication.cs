using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using MusicDashboard.Core.Configuration;

namespace MusicDashboard.Dashboard.Security;

/// <summary>
/// Who may use the dashboard, with ASP.NET Core's own schemes: a cookie after signing in with the configured account
/// (browsers), or the configured API key in the <c>X-Api-Key</c> header (scripts). When either is configured every page,
/// API endpoint and the hub require one of them (the fallback authorization policy); nothing configured (localhost): no
/// sign-in at all. Browsers are sent to the sign-in page; the API and the hub answer 401 problem+json.
/// </summary>
public static class DashboardAuthentication
{
    public const string PolicyScheme = "Dashboard";
    public const string SignInPath = "/signin";
    public const string SignOutPath = "/signout";

    public static void AddDashboardAuthentication(this IServiceCollection services, AuthenticationSettings settings)
    {
        if (!settings.IsConfigured) return;
        services.AddAuthentication(PolicyScheme)
            .AddPolicyScheme(PolicyScheme, "cookie or API key", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header) ? ApiKeyAuthenticationHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = SignInPath;
                o.Cookie.Name = "musicdash.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = context => IsForScripts(context.Request) ? WriteUnauthorizedAsync(context.HttpContext) : Redirect(context);
                o.Events.OnRedirectToAccessDenied = context => IsForScripts(context.Request) ? WriteUnauthorizedAsync(context.HttpContext) : Redirect(context);
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder(PolicyScheme).RequireAuthenticatedUser().Build());
    }

    /// <summary>Authentication and authorization in the pipeline (after routing, before the endpoints), and the sign-out
    /// endpoint (a POST with the antiforgery token, from the navigation's form).</summary>
    public static void UseDashboardAuthentication(this WebApplication app, AuthenticationSettings settings)
    {
        if (!settings.IsConfigured) return;
        app.UseAuthentication();
        app.UseAuthorization();
    }

    public static void MapSignOut(this WebApplication app, AuthenticationSettings settings)
    {
        if (!settings.IsConfigured) return;
        app.MapPost(SignOutPath, async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect(SignInPath);
        }).WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();
    }

    /// <summary>Requests from scripts and the hub's clients: they get a 401 to act on, not a redirect to a page.</summary>
    public static bool IsForScripts(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs") || request.Path.StartsWithSegments("/openapi");

    public static Task WriteUnauthorizedAsync(HttpContext context)
    {
        var settings = context.RequestServices.GetRequiredService<AppPaths>().Options.Authentication;
        var how = settings.HasApiKey
            ? $"send the configured API key in the '{ApiKeyAuthenticationHandler.Header}' header" + (settings.HasAccount ? $", or sign in at {SignInPath}" : "")
            : $"sign in at {SignInPath}";
        return Results.Problem($"authentication required: {how}", statusCode: StatusCodes.Status401Unauthorized, title: "unauthorized")
            .ExecuteAsync(context);
    }

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
