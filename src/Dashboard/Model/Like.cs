using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace MusicDashboard.Dashboard.Model;

/// <summary>
/// "Contains this text" searches with the user's % and _ taken literally and case ignored, on either provider: a predicate
/// is written once with <see cref="Matches"/> and <see cref="For{T}"/> turns each use into SQLite's LIKE (case-insensitive
/// for ASCII) or PostgreSQL's ILIKE (its LIKE minds case), with the same pattern and escape.
/// </summary>
public static class Like
{
    public const string Escape = "\\";

    public static string Contains(string text) =>
        "%" + text.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";

    /// <summary>Marks "<paramref name="value"/> matches <paramref name="pattern"/>" (made by <see cref="Contains"/>) inside a
    /// predicate given to <see cref="For{T}"/>; never called itself.</summary>
    public static bool Matches(string? value, string pattern) =>
        throw new InvalidOperationException("Like.Matches is translated by Like.For inside a database query, not run");

    /// <summary>The predicate with every <see cref="Matches"/> made the database's case-insensitive LIKE.</summary>
    public static Expression<Func<T, bool>> For<T>(DbContext db, Expression<Func<T, bool>> predicate) =>
        (Expression<Func<T, bool>>)new Translator(db.Database.IsNpgsql() ? ILike : SqlLike).Visit(predicate);

    private static readonly MethodInfo MatchesMethod = typeof(Like).GetMethod(nameof(Matches))!;
    private static readonly MethodInfo SqlLike = typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Like),
        [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;
    private static readonly MethodInfo ILike = typeof(NpgsqlDbFunctionsExtensions).GetMethod(nameof(NpgsqlDbFunctionsExtensions.ILike),
        [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;

    private sealed class Translator(MethodInfo like) : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node) =>
            node.Method == MatchesMethod
                ? Expression.Call(like, Expression.Constant(EF.Functions), Visit(node.Arguments[0]), Visit(node.Arguments[1]), Expression.Constant(Escape))
                : base.VisitMethodCall(node);
    }
}
