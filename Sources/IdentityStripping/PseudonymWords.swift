/// Word lists for readable person pseudonyms ("amber-falcon"): 256 x 256
/// combinations, so two people rarely draw the same pair; the registry
/// disambiguates the rest. Plain, neutral words, unlikely to be names.
enum PseudonymWords {
    static let adjectives: [String] = """
    amber azure bold brave brisk bright calm candid clear clever cobalt coral cosmic crimson crisp curious dapper daring deep eager early
    earnest east easy elder electric emerald even fair faithful fast fearless fern fine firm flint fluent fond free fresh frosty gentle gilded
    glad golden grand granite grateful green hardy hazel hidden high honest humble icy idle inner iron ivory jade jolly just keen kind lapis
    late lavender lean level light lilac limber little lively lofty loyal lucid lunar mellow merry mild misty modest mossy noble north oaken
    ocean olive onyx open opal orange outer pale patient pearl placid plain plucky polar polite proud pure quick quiet rapid rare ready red
    regal restful rich rising robust rosy round royal ruby rugged russet rustic sable safe sage salty sandy sapphire scarlet serene sharp
    shy silent silver simple sleek slow smooth snowy soft solar solid sound south spare spry stable steady steel stern still stone stout
    strong sturdy subtle sunny swift tall tawny teal tender tidy timber topaz tranquil true twilight upbeat urban valiant vast velvet verdant
    violet vivid warm wary west whole wild windy winter wise witty wooden woolly young zesty zealous agile airy alpine ample ashen autumn
    balmy bare basalt bay birch blithe blue bronze brown cedar chalk cheery civil cloudy copper cordial cozy cream dawn deft dewy dusky dusty
    elfin ember fleet floral foggy frank gallant giddy glossy grassy gray hale hasty hearty hollow honeyed husky indigo inky jasper jovial
    kindly lemon lucky magenta maple marble meadow mint navy nimble oak pastel peach pine plum prairie quartz radiant rain reedy river rowan
    rusty saffron satin shaded shore sienna sky slate spring star stormy sugar summer tan thistle tin umber vernal walnut wheat willow
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).prefix(256).map(String.init)

    static let nouns: [String] = """
    falcon otter badger heron lynx marten raven robin sparrow swift wren finch kestrel osprey owl puffin gannet petrel plover curlew egret
    ibis crane stork swan goose mallard teal grebe loon tern gull auk dove pigeon lark thrush starling magpie jay rook crow kite hawk eagle
    condor vulture harrier merlin hobby shrike warbler pipit wagtail bunting linnet siskin tit nuthatch creeper dipper kingfisher
    hoopoe roller cuckoo nightjar swallow martin fox wolf bear deer elk moose bison ox yak goat ibex chamois sheep ram hare rabbit squirrel
    beaver vole mole shrew hedgehog bat seal walrus whale dolphin porpoise salmon trout pike perch carp bream tench eel sturgeon herring cod
    haddock plaice sole mackerel tuna shark ray crab lobster shrimp oyster mussel clam snail slug beetle moth butterfly dragonfly cricket
    ant wasp hornet spider gecko lizard newt toad frog turtle tortoise adder viper python cobra oak ash elm birch alder aspen beech cedar
    cypress fir hazel holly juniper larch laurel linden maple pine poplar rowan spruce willow yew acorn bramble clover daisy fern heather
    iris lily lotus lupin mallow orchid poppy primrose rose sage thistle tulip violet anchor arrow beacon bell bridge candle canyon cliff
    comet compass crown delta dune ember feather fjord forest garden geyser glacier grove harbor hill island lagoon lantern meadow mesa
    mountain oasis orbit pebble prairie quarry reef ridge river shore summit tide valley harp lute flute drum fiddle horn oboe viola cello
    banjo pipe bugle gong chime kettle ladle lamp loom mill needle quill saddle sail spindle thimble wheel anvil chisel hammer lever pulley
    rope sledge spade trowel barrow basket bucket cart cask crate jar jug keg pail pot sack tray tub urn vase bowl cup dish plate spoon fork
    knife ladder gate fence wall tower cabin cottage barn hut lodge manor castle fort keep hall tent yurt kayak canoe raft barge ferry
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).prefix(256).map(String.init)
}
