using System.Linq;
using System.Text;
using IamInsights.Sources.Files;
using Xunit;

namespace IamInsights.Tests;

/// <summary>Files that hold several {"Records":[...]} documents, as concatenating CloudTrail files makes.</summary>
public class ConcatenatedDocumentTests
{
    private static readonly string A = Events.Make("CreateUser", request: "{\"userName\":\"a\"}");
    private static readonly string B = Events.Make("DeleteUser", request: "{\"userName\":\"b\"}");
    private static readonly string C = Events.Make("AttachUserPolicy", request: "{\"userName\":\"c\"}");

    [Fact]
    public void Two_gzip_files_joined_give_the_records_of_both()
    {
        using var files = new TestFiles();
        byte[] joined = TestFiles.Gzip(Encoding.UTF8.GetBytes(Events.Records(A, B)))
            .Concat(TestFiles.Gzip(Encoding.UTF8.GetBytes(Events.Records(C)))).ToArray();
        var (records, problems) = TestFiles.ReadFile(files.Write("joined.json.gz", joined));
        Assert.Empty(problems);
        Assert.Equal(new[] { "CreateUser", "DeleteUser", "AttachUserPolicy" }, records.Select(r => r.GetField("eventName")));
    }

    [Fact]
    public void Documents_on_separate_lines_with_other_properties_after_the_records_are_all_read()
    {
        using var files = new TestFiles();
        string text = "{\"Records\":[" + A + "], \"note\": {\"x\": [1, \"]}\"]}}\n{\"Records\":[" + B + "," + C + "]}\n";
        var (records, problems) = TestFiles.ReadFile(files.Write("lines.json", text));
        Assert.Empty(problems);
        Assert.Equal(new[] { "CreateUser", "DeleteUser", "AttachUserPolicy" }, records.Select(r => r.GetField("eventName")));
    }

    [Fact]
    public void Anything_else_after_a_document_is_one_problem_naming_the_file_and_the_records_before_it_still_come_out()
    {
        using var files = new TestFiles();
        string path = files.Write("tail.json", Events.Records(A, B) + "\nnot json at all\n");
        var (records, problems) = TestFiles.ReadFile(path);
        Assert.Equal(2, records.Count);
        var problem = Assert.Single(problems);
        Assert.Equal(CloudTrailFileReader.InvalidJsonId, problem.ErrorId);
        Assert.Contains(path, problem.Message);
        Assert.Contains("line 2", problem.Message);
    }
}
