using System;
using System.IO;
using System.Linq;
using System.Text;
using IamInsights;
using IamInsights.Query;
using SharpFuzz;

namespace IamInsights.Fuzz;

/// <summary>
/// The AFL harness of the lexer and parser. Every input must either parse, print back to text that parses to an equal
/// tree, and compile; or be refused with a QuerySyntaxException. Anything else (another exception, a hang) is a finding.
/// Run with --seeds DIR to write the starting inputs, or --check FILE... to replay inputs without AFL.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length == 2 && args[0] == "--seeds")
        {
            WriteSeeds(args[1]);
            return;
        }
        if (args.Length >= 2 && args[0] == "--check")
        {
            // Replays findings without AFL: each file must pass the same check.
            foreach (var file in args.Skip(1))
            {
                Check(File.ReadAllText(file, Encoding.UTF8));
                Console.WriteLine("ok: " + file);
            }
            return;
        }
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var reader = new StreamReader(stream, Encoding.UTF8);
            Check(reader.ReadToEnd());
        });
    }

    public static void Check(string text)
    {
        if (!Parser.TryParse(text, out var ast, out _)) return;
        string printed = ast!.ToString();
        var reparsed = Parser.Parse(printed);
        if (!reparsed.Equals(ast)) throw new InvalidOperationException("The printed query parses to a different tree:\n" + printed);
        _ = new CompiledQuery(ast).Columns;
    }

    private static void WriteSeeds(string folder)
    {
        Directory.CreateDirectory(folder);
        int n = 0;
        foreach (var entry in IamCatalog.Entries) File.WriteAllText(Path.Combine(folder, $"seed{n++}.txt"), entry.Query);
        string[] more =
        {
            "stats count(*) as n, avg(bytes) by bin(5m) as t, eventName | sort n desc | limit 10",
            "parse @message \"user=* action=*\" as user, action | dedup user | limit 2",
            "parse @message /(?<act>\\w+)/ | filter act =~ /(?i)login/ and not ispresent(x) | display act",
            "fields `detail-type` as k, resources.0.ARN, -(1 + 2) ^ 3 % 4 | filter k in [\"a\", 'b'] or k not like \"c\"",
            "# comment\nfilter substr(tolower(eventName), 0, 6) = \"create\" | fields datefloor(@timestamp, 1mo), fromMillis(0)",
        };
        foreach (var query in more) File.WriteAllText(Path.Combine(folder, $"seed{n++}.txt"), query);
    }
}
