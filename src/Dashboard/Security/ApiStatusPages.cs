using Microsoft.AspNetCore.Diagnostics;

namespace MusicDashboard.Dashboard.Security;

/// <summary>The body of an API answer that has none (the router's own 404, 405 and 415): problem+json in words.</summary>
public static class ApiStatusPages
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var (title, detail) = status switch
        {
            StatusCodes.Status404NotFound => ("not found", $"there is nothing at {http.Request.Path} (the API's routes are listed at /openapi/v1.json)"),
            StatusCodes.Status405MethodNotAllowed => ("method not allowed", $"{http.Request.Method} is not accepted at {http.Request.Path} (see /openapi/v1.json)"),
            StatusCodes.Status415UnsupportedMediaType => ("unsupported media type",
                $"send the body as JSON with the header 'Content-Type: application/json' (it came as '{(string.IsNullOrEmpty(http.Request.ContentType) ? "no content type" : http.Request.ContentType)}')"),
            StatusCodes.Status400BadRequest => ("bad request", "the request cannot be read (for a form: reload the page, its antiforgery token may have expired)"),
            _ => ("request refused", $"the request was answered {status}"),
        };
        return Results.Problem(detail, statusCode: status, title: title).ExecuteAsync(http);
    }
}
