using Bunit;
using MudBlazor.Services;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Components.Controls;
using MusicDashboard.Dashboard.Endpoints;

namespace MusicDashboard.Dashboard.Tests.Components;

public sealed class RunFiguresTests : IAsyncLifetime
{
    private readonly BunitContext _ctx = new();

    public RunFiguresTests()
    {
        _ctx.Services.AddMudServices();
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void AFinishedRunShowsEachReportFigureFromItsEndpoint()
    {
        var cut = _ctx.Render<RunFigures>(p => p.Add(f => f.RunId, 42).Add(f => f.State, RunState.Completed));
        foreach (var name in FigureEndpoints.Names)
        {
            var img = cut.Find($"[data-testid=run-figure-{name}]");
            Assert.Equal($"api/runs/42/figures/{name}.png", img.GetAttribute("src"));
            Assert.False(string.IsNullOrWhiteSpace(img.GetAttribute("alt")));
        }
    }

    [Theory]
    [InlineData(RunState.Queued)]
    [InlineData(RunState.Running)]
    [InlineData(RunState.Failed)]
    public void AnUnfinishedRunShowsNoFigures(RunState state)
    {
        var cut = _ctx.Render<RunFigures>(p => p.Add(f => f.RunId, 42).Add(f => f.State, state));
        Assert.Empty(cut.FindAll("[data-testid=run-figures]"));
    }

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _ctx.DisposeAsync();
}
