// MexClient.cs: Mono's WCF MetadataExchangeClient against a MEX address, as svcutil reads
// metadata: it prints each section of the MetadataSet, then the contracts and endpoints
// WsdlImporter makes of them.
//
//   mono MexClient.exe MEX_ADDRESS
//
// Output lines: SECTION <dialect> <identifier> <type>, CONTRACT <name> <op,op,...>,
// ENDPOINT <address> <binding type>; or FAIL <exception> (exit status 1).
using System;
using System.Linq;
using System.ServiceModel.Description;

public static class MexClient
{
    public static int Main(string[] args)
    {
        try
        {
            var client = new MetadataExchangeClient(new Uri(args[0]), MetadataExchangeClientMode.MetadataExchange);
            var set = client.GetMetadata();
            foreach (var s in set.MetadataSections)
                Console.WriteLine("SECTION " + s.Dialect + " " + s.Identifier + " " + (s.Metadata == null ? "null" : s.Metadata.GetType().Name));
            var importer = new WsdlImporter(set);
            foreach (var c in importer.ImportAllContracts())
                Console.WriteLine("CONTRACT " + c.Name + " " + string.Join(",", c.Operations.Select(o => o.Name)));
            foreach (var ep in importer.ImportAllEndpoints())
                Console.WriteLine("ENDPOINT " + ep.Address + " " + ep.Binding.GetType().Name);
            return 0;
        }
        catch (Exception e)
        {
            Console.WriteLine("FAIL " + e.ToString().Replace('\n', ' '));
            return 1;
        }
    }
}
