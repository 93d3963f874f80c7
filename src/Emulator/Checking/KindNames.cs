using System.Reflection;

namespace Tpsim.Emulator.Checking;

/// <summary>The one spelling of a kind in reports, JSON and scenario files: set on each enum member.</summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class SpellingAttribute(string text) : Attribute
{
    public string Text { get; } = text;
}

/// <summary>
/// The name map of every kind enum that crosses layers (<see cref="Verdict"/>, <see cref="ViolationKind"/>,
/// <see cref="TrapKind"/>, <see cref="FaultAccess"/>): read once from the members' <see cref="SpellingAttribute"/>.
/// </summary>
public static class KindNames
{
    public static string ToName(this Verdict v) => Map<Verdict>.Name(v);

    public static string ToName(this ViolationKind v) => Map<ViolationKind>.Name(v);

    public static string ToName(this TrapKind v) => Map<TrapKind>.Name(v);

    public static string ToName(this FaultAccess v) => Map<FaultAccess>.Name(v);

    /// <summary>The member spelled <paramref name="name"/> (exactly), if any.</summary>
    public static bool TryParse<T>(string name, out T value) where T : struct, Enum => Map<T>.TryParse(name, out value);

    /// <summary>Every spelling of <typeparamref name="T"/>, in declaration order.</summary>
    public static IReadOnlyList<string> All<T>() where T : struct, Enum => Map<T>.Names;

    private static class Map<T> where T : struct, Enum
    {
        private static readonly T[] Values = Enum.GetValues<T>();

        public static readonly string[] Names = [.. Values.Select(v =>
            typeof(T).GetField(v.ToString())!.GetCustomAttribute<SpellingAttribute>()?.Text
            ?? throw new InvalidOperationException($"{typeof(T).Name}.{v} has no spelling"))];

        public static string Name(T value)
        {
            var i = Array.IndexOf(Values, value);
            return i >= 0 ? Names[i] : throw new ArgumentOutOfRangeException(nameof(value), value, null);
        }

        public static bool TryParse(string name, out T value)
        {
            var i = Array.IndexOf(Names, name);
            value = i >= 0 ? Values[i] : default;
            return i >= 0;
        }
    }
}
