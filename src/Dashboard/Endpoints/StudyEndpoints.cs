using MusicDashboard.Core.Reports;
using MusicDashboard.Dashboard.Model;

namespace MusicDashboard.Dashboard.Endpoints;

/// <summary>A study's Table 2 as the files <c>reproduce</c> writes: <c>/api/studies/{id}/table2.md</c>, <c>.csv</c> and
/// <c>.json</c>, from the stored table (404 until the study's runs have all completed). Its figures are
/// <see cref="FigureEndpoints"/>'.</summary>
public static class StudyEndpoints
{
    public static void MapStudyEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/studies/{id:int}/table2.{format}", async (int id, string format, StudyQuery studies, CancellationToken ct) =>
        {
            if (format is not ("md" or "csv" or "json")) return Results.NotFound(new { error = $"no table2.{format} (md, csv or json)" });
            if (await studies.TableAsync(id, ct) is not { } table)
                return Results.NotFound(new { error = $"study {id} has no table (no such study, or its runs have not all completed)" });
            var (text, type) = format switch
            {
                "md" => (Table2Report.ToMarkdown(table), "text/markdown"),
                "csv" => (Table2Report.ToCsv(table), "text/csv"),
                _ => (Table2Report.ToJson(table), "application/json"),
            };
            return Results.File(System.Text.Encoding.UTF8.GetBytes(text), type + "; charset=utf-8", $"study-{id}-table2.{format}");
        }).WithTags("studies").WithName("GetStudyTable").WithSummary("A study's Table 2 as md, csv or json (as reproduce writes them)");
}
