"""The English half of the held-out set (see bench/understanding_heldout.py): a bicycle repair
shop and a boarding kennel. Tune nothing on it."""

from __future__ import annotations

from bench.understanding_heldout import Business, open_on

BIKE_SHOP = Business(
    name="Spoke & Chain Bicycle Repair",
    language="en-US",
    hours=open_on("tue wed thu fri", "10:00", "18:00") | open_on("sat", "09:00", "16:00"),
    hours_said=(
        "Are you open on Sunday?",
        "What time do you close today?",
        "When do you open tomorrow?",
        "you guys open monday?",
        "hours?",
    ),
    faq=(
        (
            "How much is a basic tune-up?",
            (
                "Our standard tune-up is $85 and includes brake and gear adjustment, wheel truing"
                " and a safety check."
            ),
            ("tune-up price", "How much is a service?"),
            (
                "What do you charge to service my bike?",
                "price for a tuneup?",
                "How much to get my bike looked over and adjusted?",
                "what's it cost for a checkup on a road bike",
                "What's the rate for a full overhaul?",
            ),
        ),
        (
            "How long does a repair take?",
            (
                "Most repairs are done within 2 to 3 business days; simple fixes like a flat are "
                "often same day."
            ),
            ("repair time", "When will it be done?"),
            (
                "When will my bike be ready?",
                "What's the turnaround time?",
                "Can I get it back today?",
                "How many days do you need it for?",
                "how soon is it finished",
            ),
        ),
        (
            "Do you fix flat tires?",
            "Yes, flat repair is $15 plus the tube, usually done while you wait.",
            ("flat tire", "puncture repair"),
            (
                "I got a puncture, can you help?",
                "My tyre's got no air, can you patch it?",
                "how much to replace an inner tube",
                "Can you change a tube while I wait?",
                "rear wheel keeps going soft",
            ),
        ),
        (
            "Do you work on e-bikes?",
            (
                "Yes, we service most e-bikes including Bosch and Shimano motors; battery "
                "diagnostics are $40."
            ),
            ("electric bike repair", "e-bike service"),
            (
                "Can you look at my electric bike?",
                "My ebike's motor stopped working",
                "Do you service Bosch drive systems?",
                "Will you repair a pedal-assist bike?",
                "my e bike battery won't charge",
            ),
        ),
        (
            "Do I need an appointment?",
            (
                "Walk-ins are welcome for small fixes; for tune-ups and bigger jobs please book "
                "online or call ahead."
            ),
            ("Do you take walk-ins?", "booking"),
            (
                "Can I just drop by?",
                "Should I book first?",
                "Can I come in without calling?",
                "Do I have to schedule ahead?",
                "do I need to reserve a slot",
            ),
        ),
        (
            "Do you sell used bikes?",
            (
                "Yes, we have a rotating selection of refurbished bikes from $250, all with a "
                "90-day warranty."
            ),
            ("second-hand bikes", "bikes for sale"),
            (
                "Got any pre-owned bikes for sale?",
                "I'm looking for a cheap bike to buy",
                "Do you have refurbished bicycles?",
                "Can I buy a bike from you?",
                "Any secondhand road bikes in stock?",
            ),
        ),
        (
            "Do you buy bikes or take trade-ins?",
            "We accept trade-ins toward a purchase or repair, but we don't buy bikes for cash.",
            ("Can I sell my bike?", "trade-in"),
            (
                "Can I sell you my old bike?",
                "Would you take my bike in exchange?",
                "Will you give me credit for my old mountain bike?",
                "I want to get rid of my bike, would you pay for it?",
                "trade in value?",
            ),
        ),
        (
            "Do you offer bike fitting?",
            (
                "Yes, a professional fit takes about 90 minutes and costs $150; it includes "
                "saddle, bar and cleat adjustment."
            ),
            ("bike fit", "professional fitting"),
            (
                "My knees hurt when I ride, can you adjust my position?",
                "Can you set my seat height properly?",
                "Do you do fits for road bikes?",
                "I need my saddle and handlebars set up for me",
                "how much for a fitting",
            ),
        ),
        (
            "Where are you located?",
            (
                "We're at 1420 SE Division Street, next to the coffee roaster, with bike parking "
                "out front."
            ),
            ("address", "Where is the shop?"),
            (
                "What's your address?",
                "where's the shop",
                "Where can I find you?",
                "Which street are you on?",
                "how do I get to you",
            ),
        ),
        (
            "Do you rent bikes?",
            "Yes, city bikes rent for $35 a day and e-bikes for $65 a day, helmet included.",
            ("bike rental", "rent a bike"),
            (
                "Can I hire a bike for the weekend?",
                "I'm visiting, can I borrow a bike for a day?",
                "What's the daily rental rate?",
                "Do you have bikes for tourists?",
                "How much to use an e-bike for a day?",
            ),
        ),
        (
            "Do you offer a warranty on repairs?",
            (
                "All labor is guaranteed for 30 days; if something we fixed acts up, bring it "
                "back free of charge."
            ),
            ("guarantee", "repair warranty"),
            (
                "What if the problem comes back?",
                "Is your work guaranteed?",
                "the gears you adjusted are skipping again, do I pay again?",
                "Do you stand behind your work?",
                "Is there any guarantee?",
            ),
        ),
        (
            "Can you pick up my bike?",
            "We offer pickup and delivery within 5 miles for $20 each way.",
            ("pickup service", "delivery"),
            (
                "Do you collect bikes from home?",
                "I can't get it to you, can you come get it?",
                "Do you do delivery?",
                "Can someone fetch my bike from my apartment?",
                "Is there a collection service?",
            ),
        ),
    ),
    out_of_scope=(
        "Do you sell skateboards?",
        "Can you fix my car's brakes?",
        "Do you have a loyalty card?",
        "Are you hiring at the moment?",
        "Is there a bathroom I can use?",
        "Do you sponsor local races?",
        "Can I pay in bitcoin?",
        "Do you have gift vouchers?",
    ),
)

KENNEL = Business(
    name="Meadowbrook Boarding Kennels",
    language="en-GB",
    hours=open_on("mon tue wed thu fri", "08:00", "18:00") | open_on("sat", "09:00", "12:00"),
    hours_said=(
        "Are you open on Sundays?",
        "What time do you close?",
        "Are you open bank holiday Monday?",
        "When are you open Saturday?",
        "opening times?",
    ),
    faq=(
        (
            "How much does boarding cost per night?",
            "Boarding is £28 per night for one dog, £48 for two dogs sharing a kennel.",
            ("prices", "nightly rate"),
            (
                "What do you charge for a dog to stay?",
                "How much is it a night?",
                "What's the daily rate?",
                "Price for a week for my labrador?",
                "What would two dogs cost?",
            ),
        ),
        (
            "What vaccinations does my dog need?",
            (
                "Dogs need up-to-date vaccines for distemper, parvo, hepatitis and leptospirosis,"
                " plus kennel cough at least two weeks before the stay."
            ),
            ("vaccines", "Is kennel cough vaccine needed?"),
            (
                "Does he need any jabs before staying?",
                "Is the kennel cough one required?",
                "What shots are compulsory?",
                "Do you need to see his vaccine card?",
                "My puppy's only had his first injection, is that OK?",
            ),
        ),
        (
            "Can I bring my dog's own food?",
            (
                "Yes, please bring enough of their usual food in a labelled bag; otherwise we "
                "feed a premium dry food at no extra cost."
            ),
            ("What do you feed?", "own food"),
            (
                "What will you feed him?",
                "He's on a special diet, is that a problem?",
                "Should I pack his kibble?",
                "Do you provide meals?",
                "Can she have her usual biscuits?",
            ),
        ),
        (
            "Do you take cats?",
            "Sorry, we only board dogs. We can recommend a cattery nearby.",
            ("cats", "other pets"),
            (
                "Can my cat stay too?",
                "Do you board kittens?",
                "What about other pets like rabbits?",
                "I've got a moggy as well, could you have her?",
                "Is it dogs only?",
            ),
        ),
        (
            "How often are the dogs walked?",
            "Every dog gets two 30-minute walks a day plus playtime in our secure paddock.",
            ("exercise", "walks"),
            (
                "Will he get enough exercise?",
                "Do they go out for walkies?",
                "How much time do they spend outside?",
                "Does my collie get to run around?",
                "How many times a day do they go out?",
            ),
        ),
        (
            "Can I visit my dog during the stay?",
            (
                "We don't allow visits during the stay because it unsettles the dogs, but we're "
                "happy to send photo updates on request."
            ),
            ("visiting", "photo updates"),
            (
                "Can I pop in and see him?",
                "Will you send me pictures?",
                "Can I check on her while I'm away?",
                "Am I allowed to come by midweek?",
                "Do you do photo updates?",
            ),
        ),
        (
            "What happens if my dog gets ill?",
            (
                "We work with Oakfield Vets nearby; if your dog is unwell we call you and take "
                "them to the vet. Vet fees are paid by the owner."
            ),
            ("vet", "illness"),
            (
                "What if he gets sick while I'm away?",
                "Do you have a vet on call?",
                "Who pays if she needs the vet?",
                "My dog is old, what if something happens?",
                "Is there a vet you use?",
            ),
        ),
        (
            "Do you have a minimum stay?",
            (
                "There's no minimum in the week; over bank holidays and Christmas the minimum "
                "stay is three nights."
            ),
            ("minimum booking", "shortest stay"),
            (
                "Can I book just one night?",
                "Is there a shortest booking?",
                "Do I have to book a full week at Christmas?",
                "What's the least number of nights?",
                "Can he stay for only a night?",
            ),
        ),
        (
            "What are your drop-off and collection times?",
            (
                "Drop-off and collection are between 8 and 10 am or 4 and 6 pm on weekdays, "
                "Saturdays 9 to 12."
            ),
            ("drop off times", "collection times"),
            (
                "When can I bring him in?",
                "What time can I pick her up?",
                "Can I collect on Sunday?",
                "When's the latest I can drop off?",
                "What time should I come to get my dog?",
            ),
        ),
        (
            "Can dogs share a kennel?",
            (
                "Dogs from the same household can share a kennel; we never mix dogs from "
                "different families."
            ),
            ("sharing", "two dogs together"),
            (
                "My two spaniels are inseparable, can they stay together?",
                "Will my dogs be kept together?",
                "Do you put dogs from different owners in together?",
                "Can brother and sister sleep in the same pen?",
                "Can they room together?",
            ),
        ),
        (
            "Do you need a deposit to book?",
            (
                "Yes, a 25% deposit secures the booking; it's refundable if you cancel at least "
                "14 days ahead."
            ),
            ("deposit", "cancellation"),
            (
                "Do I have to pay anything upfront?",
                "How do I secure a booking?",
                "What if I need to cancel?",
                "Is the money refundable?",
                "Do you want payment in advance?",
            ),
        ),
        (
            "Do you take dogs that are reactive or aggressive?",
            (
                "We assess nervous or reactive dogs at a free meet-and-greet first; we can't take"
                " dogs with a bite history."
            ),
            ("nervous dogs", "aggressive dogs"),
            (
                "My dog doesn't like other dogs, can he still come?",
                "He's a bit nervous with strangers, is that OK?",
                "Do you accept rescue dogs with issues?",
                "She's bitten before, would you take her?",
                "Can we do a trial visit first?",
            ),
        ),
    ),
    out_of_scope=(
        "Do you do grooming?",
        "Can you train my dog to sit?",
        "Do you sell dog food?",
        "Do you offer pet insurance?",
        "Are you licensed by the council?",
        "Can I get a job walking dogs?",
        "Do you have parking?",
    ),
)
