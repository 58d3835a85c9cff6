using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using MusicDashboard.Dashboard.Components.Controls;
using MusicDashboard.Dashboard.Model;

namespace MusicDashboard.Dashboard.Tests.Components;

public sealed class ChartToolbarTests : IAsyncLifetime
{
    private readonly BunitContext _ctx = new();

    public ChartToolbarTests()
    {
        _ctx.Services.AddMudServices();
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void EachControlChangesItsOwnOptionAndKeepsTheOthers()
    {
        var start = new LossChartOptions { Smoothing = 0.6 };
        LossChartOptions? changed = null;
        var cut = _ctx.Render<ChartToolbar>(p => p.Add(t => t.Options, start).Add(t => t.OptionsChanged, o => changed = o));
        Assert.Contains("smoothing 0.60", cut.Markup);

        cut.Find("input[data-testid=chart-logy]").Change(true);
        Assert.Equal(start with { LogY = true }, changed);

        cut.FindAll("[data-testid=chart-x] .mud-toggle-item").First(e => e.TextContent.Contains("by time")).Click();
        Assert.Equal(start with { X = ChartXAxis.Wall }, changed);

        cut.Find("input[data-testid=chart-smoothing]").Change("0.9");
        Assert.Equal(start with { Smoothing = 0.9 }, changed);
    }

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _ctx.DisposeAsync();
}
