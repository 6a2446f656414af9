using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Telltale.Classification;

/// <summary>
/// Knows which strings look alike (Unicode TR39 confusables) and which characters cannot be seen, using the
/// ICU that .NET already ships against on Linux rather than a bundled copy of confusables.txt, so the data
/// tracks the system's Unicode version without a package update.
/// </summary>
public static class Confusables
{
    private const int Space = 0x20;
    private const int OghamSpaceMark = 0x1680;

    // Letters and marks that render as nothing but are neither Cf nor Zs, so no category test finds them:
    // the Hangul fillers, the combining grapheme joiner, the Khmer inherent vowels and the blank Braille
    // pattern, all of which turn up in "invisible" names and identifiers.
    private static readonly HashSet<int> BlankNonFormatCharacters =
        [0x115F, 0x1160, 0x3164, 0xFFA0, 0x034F, 0x17B4, 0x17B5, 0x2800];

    /// <summary>True when the system ICU was found; otherwise <see cref="Skeleton"/> is only an approximation.</summary>
    public static bool IcuAvailable => Icu.Instance is not null;

    /// <summary>Which ICU library and symbol suffix were bound, for diagnostics.</summary>
    internal static string? IcuDescription => Icu.Instance?.Description;

    /// <summary>
    /// The TR39 skeleton: two strings with the same skeleton are visually confusable. Without ICU this is
    /// <see cref="ApproximateSkeleton"/>, which misses cross-script look-alikes.
    /// </summary>
    public static string Skeleton(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return text;
        }

        return Icu.Instance?.TrySkeleton(text) ?? ApproximateSkeleton(text);
    }

    public static bool AreConfusable(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return !string.Equals(a, b, StringComparison.Ordinal)
            && string.Equals(Skeleton(a), Skeleton(b), StringComparison.Ordinal);
    }

    /// <summary>
    /// True for code points that render as nothing or as an ordinary-looking gap: format characters,
    /// variation selectors, spaces other than U+0020 and the blank fillers.
    /// </summary>
    public static bool IsInvisible(int codePoint)
    {
        if (!Rune.IsValid(codePoint) || codePoint == Space)
        {
            return false;
        }

        return CharUnicodeInfo.GetUnicodeCategory(codePoint) switch
        {
            UnicodeCategory.Format => !IsPrependedConcatenationMark(codePoint),

            // The Ogham space mark is a space separator with a visible stroke.
            UnicodeCategory.SpaceSeparator => codePoint != OghamSpaceMark,
            _ => IsVariationSelector(codePoint) || BlankNonFormatCharacters.Contains(codePoint),
        };
    }

    /// <summary>
    /// True when the distinct variants all look alike to a reader, each linked to the others directly or through
    /// another variant by an equal skeleton or by differing only in invisible characters, and at least one is
    /// non-ASCII. ASCII-only sets such as "rn"/"m" are excluded because they are ordinary text, not a deliberate
    /// variant list.
    /// </summary>
    public static bool IsLookAlikeVariantSet(IReadOnlyCollection<string> variants)
    {
        ArgumentNullException.ThrowIfNull(variants);
        var distinct = variants.Distinct(StringComparer.Ordinal).ToArray();
        if (distinct.Length < 2 || !distinct.Any(ContainsNonAscii))
        {
            return false;
        }

        // Equal skeletons alone are not transitive with "differs only by invisibles" (ICU maps U+2009 to a
        // space but keeps U+200B), so variants are joined on either key and the set must end up one group.
        var parent = Enumerable.Range(0, distinct.Length).ToArray();
        var firstWithKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < distinct.Length; i++)
        {
            var visible = RemoveInvisible(distinct[i]);
            foreach (var key in (string[])["S" + Skeleton(distinct[i]), "V" + Skeleton(visible)])
            {
                if (firstWithKey.TryGetValue(key, out var other))
                {
                    parent[Root(parent, i)] = Root(parent, other);
                }
                else
                {
                    firstWithKey[key] = i;
                }
            }
        }

        var root = Root(parent, 0);
        return Enumerable.Range(1, distinct.Length - 1).All(i => Root(parent, i) == root);
    }

    /// <summary>"U+2019 RIGHT SINGLE QUOTATION MARK"; just "U+2019" when ICU is unavailable.</summary>
    public static string Describe(int codePoint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(codePoint);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(codePoint, 0x10FFFF);
        var label = string.Create(CultureInfo.InvariantCulture, $"U+{codePoint:X4}");
        var name = Icu.Instance?.CharName(codePoint);
        return string.IsNullOrEmpty(name) ? label : $"{label} {name}";
    }

    /// <summary>
    /// The skeleton used when ICU cannot be loaded: NFKC folds compatibility variants (fullwidth forms,
    /// ligatures, mathematical letters) and lower-casing folds case, with invisible characters dropped. It has
    /// no confusables table, so Cyrillic "а" and Latin "a" stay distinct.
    /// </summary>
    internal static string ApproximateSkeleton(string text)
    {
        var folded = new StringBuilder(text.Length);

        // Enumerating runes replaces lone surrogates with U+FFFD, which Normalize would otherwise reject.
        foreach (var rune in text.EnumerateRunes())
        {
            if (!IsInvisible(rune.Value))
            {
                folded.Append(Rune.ToLowerInvariant(rune));
            }
        }

        try
        {
            return folded.ToString().Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        }
        catch (PlatformNotSupportedException)
        {
            // Invariant globalization mode without ICU cannot normalise; case folding is all that is left.
            return folded.ToString();
        }
    }

    /// <summary>The text without the characters <see cref="IsInvisible"/> names.</summary>
    public static string RemoveInvisible(string text)
    {
        var visible = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (!IsInvisible(rune.Value))
            {
                visible.Append(rune);
            }
        }

        return visible.ToString();
    }

    private static bool ContainsNonAscii(string text) => text.Any(c => c > '\u007F');

    private static int Root(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }

    private static bool IsVariationSelector(int codePoint) => codePoint is
        (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF) or (>= 0x180B and <= 0x180D) or 0x180F;

    // Prepended concatenation marks (Arabic number signs and the like) are Cf but draw a visible glyph.
    private static bool IsPrependedConcatenationMark(int codePoint) => codePoint is
        (>= 0x0600 and <= 0x0605) or 0x06DD or 0x070F or 0x0890 or 0x0891 or 0x08E2 or 0x110BD or 0x110CD;

    /// <summary>
    /// The bound ICU functions. ICU builds usually rename every symbol with the major version ("uspoof_open_72")
    /// and the soname carries the same number, so the library is found the way .NET's globalization shim finds
    /// it: the copy already mapped into the process first, then libicuuc.so.N from newest to oldest.
    /// </summary>
    private sealed class Icu
    {
        public static readonly Icu? Instance = Load();

        private const int MinVersion = 50;
        private const int MaxVersion = 100;
        private const int UnicodeCharName = 0;
        private const int ExtendedCharName = 2;
        private const int BufferOverflowError = 15;
        private const int StackBufferLength = 256;

        private readonly IntPtr checker;
        private readonly GetSkeletonFunction getSkeleton;
        private readonly CharNameFunction charName;

        private Icu(IntPtr checker, GetSkeletonFunction getSkeleton, CharNameFunction charName, string description)
        {
            this.checker = checker;
            this.getSkeleton = getSkeleton;
            this.charName = charName;
            Description = description;
        }

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate IntPtr OpenFunction(ref int status);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate void CloseFunction(IntPtr checker);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int GetSkeletonFunction(
            IntPtr checker, uint type, ref ushort id, int length, ref ushort dest, int destCapacity, ref int status);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int CharNameFunction(int codePoint, int nameChoice, ref byte buffer, int bufferLength, ref int status);

        public string Description { get; }

        /// <summary>Null when ICU reports an error (e.g. for input it rejects), so the caller can fall back.</summary>
        public string? TrySkeleton(string text)
        {
            // The checker is shared without a lock: uspoof.h documents functions taking a const USpoofChecker,
            // uspoof_getSkeleton among them, as safe to call concurrently on one instance.
            var input = MemoryMarshal.Cast<char, ushort>(text.AsSpan());
            Span<ushort> stackBuffer = stackalloc ushort[StackBufferLength];
            var capacity = Math.Max(StackBufferLength, text.Length * 4);
            ushort[]? rented = null;
            try
            {
                while (true)
                {
                    var dest = capacity <= StackBufferLength ? stackBuffer : (rented = ArrayPool<ushort>.Shared.Rent(capacity));
                    var status = 0;
                    var length = getSkeleton(
                        checker, 0, ref MemoryMarshal.GetReference(input), input.Length,
                        ref MemoryMarshal.GetReference(dest), dest.Length, ref status);
                    if (status == BufferOverflowError && length > dest.Length)
                    {
                        ReturnBuffer(ref rented);
                        capacity = length;
                        continue;
                    }

                    return status > 0 ? null : new string(MemoryMarshal.Cast<ushort, char>(dest[..length]));
                }
            }
            finally
            {
                ReturnBuffer(ref rented);
            }
        }

        public string? CharName(int codePoint)
        {
            Span<byte> buffer = stackalloc byte[StackBufferLength];
            foreach (var choice in (ReadOnlySpan<int>)[UnicodeCharName, ExtendedCharName])
            {
                var status = 0;
                var length = charName(codePoint, choice, ref MemoryMarshal.GetReference(buffer), buffer.Length, ref status);
                if (status <= 0 && length > 0 && length <= buffer.Length)
                {
                    return Encoding.ASCII.GetString(buffer[..length]);
                }
            }

            return null;
        }

        private static void ReturnBuffer(ref ushort[]? rented)
        {
            if (rented is not null)
            {
                ArrayPool<ushort>.Shared.Return(rented);
                rented = null;
            }
        }

        private static Icu? Load()
        {
            try
            {
                foreach (var (common, i18n, versions) in Candidates())
                {
                    if (TryBind(common, i18n, versions) is { } icu)
                    {
                        return icu;
                    }
                }
            }
            catch (Exception)
            {
                // This runs in a type initializer: any failure would make Confusables unusable for the rest of the
                // process, whereas callers can live with the approximation.
            }

            return null;
        }

        private static Icu? TryBind(string commonName, string i18nName, IReadOnlyList<string> versions)
        {
            if (!NativeLibrary.TryLoad(commonName, out var common))
            {
                return null;
            }

            var i18n = common;
            if (i18nName != commonName && !NativeLibrary.TryLoad(i18nName, out i18n))
            {
                NativeLibrary.Free(common);
                return null;
            }

            foreach (var suffix in Suffixes(versions))
            {
                if (NativeLibrary.TryGetExport(common, "u_charName" + suffix, out var charNameAddress)
                    && NativeLibrary.TryGetExport(i18n, "uspoof_open" + suffix, out var openAddress)
                    && NativeLibrary.TryGetExport(i18n, "uspoof_close" + suffix, out var closeAddress)
                    && NativeLibrary.TryGetExport(i18n, "uspoof_getSkeleton" + suffix, out var getSkeletonAddress))
                {
                    var status = 0;
                    var checker = Marshal.GetDelegateForFunctionPointer<OpenFunction>(openAddress)(ref status);
                    if (checker == IntPtr.Zero || status > 0)
                    {
                        break;
                    }

                    var icu = new Icu(
                        checker,
                        Marshal.GetDelegateForFunctionPointer<GetSkeletonFunction>(getSkeletonAddress),
                        Marshal.GetDelegateForFunctionPointer<CharNameFunction>(charNameAddress),
                        $"{commonName} ({(suffix.Length == 0 ? "unsuffixed symbols" : "symbol suffix " + suffix)})");

                    // A checker without its confusables data would silently make every skeleton the identity.
                    if (icu.TrySkeleton("\u0430") == "a")
                    {
                        return icu;
                    }

                    Marshal.GetDelegateForFunctionPointer<CloseFunction>(closeAddress)(checker);
                    break;
                }
            }

            if (i18n != common)
            {
                NativeLibrary.Free(i18n);
            }

            NativeLibrary.Free(common);
            return null;
        }

        /// <summary>Library pairs to try, each with the version numbers its file name suggests (e.g. "72", "1").</summary>
        private static IEnumerable<(string Common, string I18n, IReadOnlyList<string> Versions)> Candidates()
        {
            if (OperatingSystem.IsWindows())
            {
                // Windows 10 1903+ ships ICU as one DLL with unsuffixed symbols.
                yield return ("icu.dll", "icu.dll", []);
                yield break;
            }

            if (OperatingSystem.IsMacOS())
            {
                yield return ("/usr/lib/libicucore.dylib", "/usr/lib/libicucore.dylib", []);
                yield break;
            }

            // The copy .NET's globalization shim maps, so both agree on the Unicode version. The shim loads ICU
            // lazily, on the first culture-aware operation; this comparison makes sure that has happened (it is a
            // no-op in invariant mode, where the probing below still finds an ICU if one is installed).
            _ = string.Compare("a", "b", StringComparison.InvariantCulture);
            foreach (var path in MappedLibraries("libicuuc.so"))
            {
                var i18n = Path.Combine(Path.GetDirectoryName(path) ?? "", "libicui18n" + Path.GetFileName(path)["libicuuc".Length..]);
                yield return (path, i18n, VersionParts(Path.GetFileName(path)));
            }

            // Honour the same override .NET does, for machines with several ICUs installed.
            foreach (var variable in (string[])["DOTNET_ICU_VERSION_OVERRIDE", "CLR_ICU_VERSION_OVERRIDE"])
            {
                if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } version)
                {
                    yield return ($"libicuuc.so.{version}", $"libicui18n.so.{version}", version.Split('.'));
                }
            }

            for (var major = MaxVersion; major >= MinVersion; major--)
            {
                var version = major.ToString(CultureInfo.InvariantCulture);
                yield return ($"libicuuc.so.{version}", $"libicui18n.so.{version}", [version]);
            }

            yield return ("libicuuc.so", "libicui18n.so", []);
        }

        private static IEnumerable<string> Suffixes(IReadOnlyList<string> versions)
        {
            if (versions.Count > 0)
            {
                yield return "_" + versions[0];
                if (versions.Count > 1)
                {
                    yield return $"_{versions[0]}_{versions[1]}";
                }
            }

            yield return "";

            // An unversioned file name ("libicuuc.so") gives no hint, so every plausible suffix is tried.
            if (versions.Count == 0)
            {
                for (var major = MaxVersion; major >= MinVersion; major--)
                {
                    yield return "_" + major.ToString(CultureInfo.InvariantCulture);
                }
            }
        }

        private static string[] VersionParts(string fileName)
        {
            var marker = fileName.IndexOf(".so.", StringComparison.Ordinal);
            return marker < 0 ? [] : fileName[(marker + ".so.".Length)..].Split('.');
        }

        private static List<string> MappedLibraries(string fileNamePrefix)
        {
            const string maps = "/proc/self/maps";
            if (!File.Exists(maps))
            {
                return [];
            }

            return File.ReadLines(maps)
                .Select(line => line.IndexOf('/', StringComparison.Ordinal) is var start and >= 0 ? line[start..] : "")
                .Where(path => Path.GetFileName(path).StartsWith(fileNamePrefix, StringComparison.Ordinal) && File.Exists(path))
                .Distinct(StringComparer.Ordinal)
                .ToList();
        }
    }
}
