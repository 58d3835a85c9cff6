using System.Text.Json.Nodes;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Dashboard.Services;

/// <summary>A problem with one field of a run request (camelCase JSON path, as <see cref="RunConfig.Problems"/> names them).</summary>
public sealed record FieldProblem(string Field, string Message);
