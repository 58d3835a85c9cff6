using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MusicDashboard.Dashboard.Components.Pages;
using MusicDashboard.Dashboard.Model;

namespace MusicDashboard.Dashboard.Tests.Components;

/// <summary>Pages over query services: no component of the Dashboard gets a database context, a context factory or
/// context options injected, nor a service that hands out EF queries; they get plain records from the Model layer.</summary>
public sealed class ComponentDataAccessTests
{
    private static readonly Assembly Dashboard = typeof(Runs).Assembly;

    private static IEnumerable<Type> Components() =>
        Dashboard.GetTypes().Where(t => typeof(ComponentBase).IsAssignableFrom(t) && !t.IsAbstract);

    private static IEnumerable<PropertyInfo> Injected(Type component) =>
        component.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(p => p.GetCustomAttribute<InjectAttribute>() is not null);

    /// <summary>Whether a type is, or hands out (method results, properties), EF's context, factory, options or an IQueryable.</summary>
    private static bool TalksToTheDatabase(Type t)
    {
        static bool IsDb(Type x) =>
            typeof(DbContext).IsAssignableFrom(x)
            || (x.IsGenericType && x.GetGenericTypeDefinition() == typeof(IDbContextFactory<>))
            || typeof(DbContextOptions).IsAssignableFrom(x)
            || (x.IsGenericType && typeof(IQueryable).IsAssignableFrom(x));
        static IEnumerable<Type> Unwrap(Type x) =>
            x.IsGenericType ? new[] { x }.Concat(x.GetGenericArguments().SelectMany(Unwrap)) : [x];
        return Unwrap(t).Any(IsDb);
    }

    [Fact]
    public void TheAssemblyHasTheComponentsThisTestIsAbout()
    {
        var names = Components().Select(c => c.Name).ToList();
        // The six pages that used to query the database themselves, and the run page.
        foreach (var page in new[] { "Compare", "Dataset", "NewRun", "Overview", "RunLive", "Runs", "Tracks" })
            Assert.Contains(page, names);
        Assert.Contains(Components(), c => Injected(c).Any(p => p.PropertyType == typeof(RunsQuery)));
    }

    [Fact]
    public void NoComponentIsInjectedADbContextOrItsFactory()
    {
        var offenders = Components().SelectMany(c => Injected(c).Where(p => TalksToTheDatabase(p.PropertyType)).Select(p => $"{c.Name}.{p.Name}: {p.PropertyType}")).ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void TheServicesComponentsAreInjectedHandOutNoQueryable()
    {
        var services = Components().SelectMany(Injected).Select(p => p.PropertyType).Distinct()
            .Where(t => t.Assembly == Dashboard || t.Assembly.GetName().Name!.StartsWith("MusicDashboard", StringComparison.Ordinal));
        var offenders = services.SelectMany(s => s.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public)
                .Where(m => TalksToTheDatabase(UnwrapTask(m.ReturnType)) || m.GetParameters().Any(p => TalksToTheDatabase(p.ParameterType)))
                .Select(m => $"{s.Name}.{m.Name}"))
            .Concat(services.SelectMany(s => s.GetProperties(BindingFlags.Instance | BindingFlags.Public)
                .Where(p => TalksToTheDatabase(p.PropertyType)).Select(p => $"{s.Name}.{p.Name}")))
            .ToList();
        Assert.Empty(offenders);

        static Type UnwrapTask(Type t) => t.IsGenericType && (t.GetGenericTypeDefinition() == typeof(Task<>) || t.GetGenericTypeDefinition() == typeof(ValueTask<>))
            ? t.GetGenericArguments()[0] : t;
    }

    [Fact]
    public void TheCheckRecognisesWhatItForbids()
    {
        Assert.True(TalksToTheDatabase(typeof(IDbContextFactory<MusicDashboard.Core.Storage.MusicDbContext>)));
        Assert.True(TalksToTheDatabase(typeof(MusicDashboard.Core.Storage.MusicDbContext)));
        Assert.True(TalksToTheDatabase(typeof(DbContextOptions<MusicDashboard.Core.Storage.MusicDbContext>)));
        Assert.True(TalksToTheDatabase(typeof(IQueryable<MusicDashboard.Core.Storage.TrackEntity>)));
        Assert.False(TalksToTheDatabase(typeof(IReadOnlyList<RunSummary>)));
    }
}
