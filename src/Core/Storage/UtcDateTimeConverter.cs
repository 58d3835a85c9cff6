using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MusicDashboard.Core.Storage;

/// <summary>
/// Every DateTime the program stores is UTC (<c>DateTime.UtcNow</c>); PostgreSQL's <c>timestamptz</c> (Npgsql) refuses a
/// value whose kind is not UTC, so one whose kind was never said (<c>default</c>, a parsed time, a value read back from
/// SQLite) is taken as the UTC it is, and a local one is converted. Read back, the values are UTC already.
/// </summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(v => ToUtc(v), v => DateTime.SpecifyKind(v, DateTimeKind.Utc))
{
    public static DateTime ToUtc(DateTime v) => v.Kind switch
    {
        DateTimeKind.Utc => v,
        DateTimeKind.Local => v.ToUniversalTime(),
        _ => DateTime.SpecifyKind(v, DateTimeKind.Utc),
    };
}
