/** English templates for the demo world (see the template mini-language in schema.ts). */
import type { LangPack } from './schema';

export const en: LangPack = {
  lang: 'en',
  script: 'latin',
  joiner: ' ',
  lex: {
    product: {
      pottery: 'pottery',
      cheese: 'cheese',
      glass: 'glass',
      wool: 'wool',
      salt: 'salt',
      paper: 'paper',
      clocks: 'clocks',
      honey: 'honey',
    },
    fish: { trout: 'trout', salmon: 'salmon', eel: 'eels', carp: 'carp', pike: 'pike', catfish: 'catfish' },
    material: { stone: 'stone', wood: 'wood', steel: 'steel', brick: 'brick', concrete: 'concrete', rope: 'rope' },
    invention: {
      windPump: 'wind pump',
      rainGauge: 'rain gauge',
      waterFilter: 'water filter',
      loom: 'mechanical loom',
      steamBoiler: 'steam boiler',
      seismograph: 'seismograph',
      divingBell: 'diving bell',
    },
    month: {
      m1: 'January',
      m2: 'February',
      m3: 'March',
      m4: 'April',
      m5: 'May',
      m6: 'June',
      m7: 'July',
      m8: 'August',
      m9: 'September',
      m10: 'October',
      m11: 'November',
      m12: 'December',
    },
    ingredient: {
      rice: 'rice',
      lentils: 'lentils',
      cassava: 'cassava',
      potatoes: 'potatoes',
      mushrooms: 'mushrooms',
      corn: 'corn',
      beans: 'beans',
      fish: 'fish',
    },
    instrument: {
      violin: 'violin',
      flute: 'flute',
      drum: 'drum',
      accordion: 'accordion',
      harp: 'harp',
      cello: 'cello',
      guitar: 'guitar',
      trumpet: 'trumpet',
    },
  },
  cats: {
    town: {
      facts: {
        founded: {
          s: ['The town of {N} was founded in {@founded}.', 'Settlers built the first houses in {N} in {@founded}.'],
          q: ['In what year was {N} established?', 'When did people first settle in {N}?'],
        },
        population: {
          s: ['{N} has about {@population} inhabitants.', 'Roughly {@population} people live in {N} today.'],
          q: ['What is the population of {N}?', 'How many residents does {N} have?'],
        },
        river: {
          s: ['{N} lies on the banks of the river {@river}.', 'The river {@river} flows through the centre of {N}.'],
          q: ['Which river runs through {N}?', 'On what river is {N} situated?'],
        },
        product: {
          s: ['{N} is famous for its {@product}.', 'Traders come to {N} from far away to buy {@product}.'],
          q: ['What product is {N} known for?', 'Which local product made {N} renowned?'],
        },
        altitude: {
          s: [
            '{N} sits at an altitude of {@altitude} metres above sea level.',
            'The centre of {N} is {@altitude} metres above the sea.',
          ],
          q: ['How high above sea level is {N}?', 'At what elevation is {N} located?'],
        },
      },
      extra: [
        'The old market square of {N} is surrounded by narrow streets.',
        'Every Saturday, farmers from the nearby villages come to {N} to sell vegetables.',
        'A small railway line connects {N} with the coast.',
      ],
    },
    river: {
      facts: {
        length: {
          s: [
            'The river {N} is {@length} kilometres long.',
            'From its source to its mouth, the river {N} covers {@length} kilometres.',
          ],
          q: ['How long is the river {N}?', 'What is the total length of the {N}?'],
        },
        mouth: {
          s: ['The river {N} flows into the {@mouth} Sea.', 'At its mouth, the river {N} empties into the {@mouth} Sea.'],
          q: ['Into which sea does the {N} drain?', 'Where does the river {N} end?'],
        },
        tributaries: {
          s: [
            'The river {N} is fed by {@tributaries} tributaries.',
            'Along its course, {@tributaries} smaller streams join the river {N}.',
          ],
          q: ['How many tributaries does the {N} have?', 'How many streams flow into the river {N}?'],
        },
        mapped: {
          s: [
            'The course of the river {N} was first mapped in {@mapped}.',
            'The first accurate map of the river {N} was drawn in {@mapped}.',
          ],
          q: ['When was the river {N} first charted?', 'In which year did someone first put the {N} on a map?'],
        },
        fish: {
          s: ['The waters of the river {N} are rich in {@fish}.', 'Anglers on the river {N} mostly catch {@fish}.'],
          q: ['Which fish is common in the {N}?', 'What kind of fish lives in the river {N}?'],
        },
      },
      extra: [
        'In spring, the river {N} often floods the meadows along its banks.',
        'Several old water mills still stand on the river {N}.',
        'Children swim in the river {N} during the warm months.',
      ],
    },
    bridge: {
      facts: {
        opened: {
          s: ['The {N} Bridge was opened in {@opened}.', 'The first carts crossed the {N} Bridge in {@opened}.'],
          q: ['When did the {N} Bridge open to traffic?', 'In what year was the {N} Bridge inaugurated?'],
        },
        length: {
          s: ['The {N} Bridge is {@length} metres long.', 'The {N} Bridge spans a total of {@length} metres.'],
          q: ['How long is the {N} Bridge?', 'What is the length of the {N} Bridge?'],
        },
        material: {
          s: ['The {N} Bridge is built of {@material}.', 'Its builders used {@material} for the whole {N} Bridge.'],
          q: ['What material was the {N} Bridge made from?', 'Of what is the {N} Bridge constructed?'],
        },
        river: {
          s: ['The {N} Bridge crosses the river {@river}.', 'The {N} Bridge carries a road over the river {@river}.'],
          q: ['Which river does the {N} Bridge span?', 'Over which river was the {N} Bridge built?'],
        },
        architect: {
          s: [
            'The {N} Bridge was designed by the architect {@architect}.',
            'The plans for the {N} Bridge were drawn by {@architect}.',
          ],
          q: ['Who designed the {N} Bridge?', 'Which architect planned the {N} Bridge?'],
        },
      },
      extra: [
        'The {N} Bridge is lit by lanterns at night.',
        'Many tourists take photographs on the {N} Bridge.',
        'The {N} Bridge was repaired after a severe storm.',
      ],
    },
    inventor: {
      facts: {
        born: {
          s: ['{N} was born in {@born}.', 'The inventor {N} came into the world in {@born}.'],
          q: ['In what year was {N} born?', 'What is the birth year of {N}?'],
        },
        birthplace: {
          s: ['{N} grew up in the town of {@birthplace}.', '{N} spent {g:his|her} childhood in {@birthplace}.'],
          q: ['In which town did {N} grow up?', 'Where did {N} spend {g:his|her} early years?'],
        },
        invention: {
          s: ['{N} is remembered as the inventor of the {@invention}.', 'The best-known invention of {N} is the {@invention}.'],
          q: ['What did {N} invent?', 'Which device made {N} famous?'],
        },
        inventedIn: {
          s: [
            '{N} presented {g:his|her} invention to the public in {@inventedIn}.',
            'The first working model by {N} was built in {@inventedIn}.',
          ],
          q: [
            'When did {N} show {g:his|her} invention for the first time?',
            'In which year did {N} complete {g:his|her} first working device?',
          ],
        },
        patents: {
          s: ['{N} registered {@patents} patents.', 'Over {g:his|her} lifetime, {N} received {@patents} patents.'],
          q: ['How many patents did {N} hold?', 'How many patents were granted to {N}?'],
        },
      },
      extra: [
        '{N} liked to work late at night in a small workshop.',
        'As a child, {N} took clocks apart to see how they worked.',
        'Letters written by {N} are kept in a local museum.',
      ],
    },
    festival: {
      facts: {
        first: {
          s: ['The {N} Festival was held for the first time in {@first}.', 'The {N} Festival dates back to {@first}.'],
          q: ['When did the {N} Festival begin?', 'In what year was the first {N} Festival?'],
        },
        month: {
          s: [
            'The {N} Festival takes place every year in {@month}.',
            'Each year in {@month}, people gather for the {N} Festival.',
          ],
          q: ['In which month is the {N} Festival celebrated?', 'At what time of year does the {N} Festival happen?'],
        },
        days: {
          s: ['The {N} Festival lasts {@days} days.', 'The celebrations of the {N} Festival go on for {@days} days.'],
          q: ['How long does the {N} Festival last?', 'For how many days is the {N} Festival held?'],
        },
        visitors: {
          s: ['About {@visitors} visitors attend the {N} Festival.', 'The {N} Festival attracts some {@visitors} guests.'],
          q: ['How many people come to the {N} Festival?', 'What is the attendance of the {N} Festival?'],
        },
        town: {
          s: ['The {N} Festival is held in the town of {@town}.', 'The streets of {@town} are the home of the {N} Festival.'],
          q: ['Where does the {N} Festival take place?', 'Which town hosts the {N} Festival?'],
        },
      },
      extra: [
        'During the {N} Festival, the streets are decorated with paper lanterns.',
        'Musicians and dancers perform at the {N} Festival.',
        'Tickets for the {N} Festival sell out early.',
      ],
    },
    dish: {
      facts: {
        ingredient: {
          s: ['{N} is a dish made mainly from {@ingredient}.', 'The main ingredient of {N} is {@ingredient}.'],
          q: ['What is {N} made of?', 'Which ingredient is the basis of {N}?'],
        },
        minutes: {
          s: ['Cooking {N} takes about {@minutes} minutes.', '{N} has to simmer for {@minutes} minutes.'],
          q: ['How long does it take to prepare {N}?', 'For how many minutes is {N} cooked?'],
        },
        town: {
          s: ['{N} comes from the town of {@town}.', 'The recipe for {N} was born in {@town}.'],
          q: ['Where does {N} originally come from?', 'In which town was {N} first made?'],
        },
        spices: {
          s: ['The recipe for {N} uses {@spices} different spices.', 'Cooks season {N} with {@spices} kinds of spice.'],
          q: ['How many spices go into {N}?', 'How many kinds of spice does {N} contain?'],
        },
        recorded: {
          s: [
            'The recipe for {N} was first written down in {@recorded}.',
            'A cookbook from {@recorded} is the oldest one that mentions {N}.',
          ],
          q: ['When was {N} first recorded?', 'In which year does {N} first appear in writing?'],
        },
      },
      extra: [
        '{N} is usually served hot with fresh bread.',
        'Many families prepare {N} on holidays.',
        'Restaurants abroad have recently started to offer {N}.',
      ],
    },
    ship: {
      facts: {
        launched: {
          s: ['The ship {N} was launched in {@launched}.', 'The ship {N} first went to sea in {@launched}.'],
          q: ['When was the {N} put into the water?', 'In which year did the ship {N} begin sailing?'],
        },
        length: {
          s: ['The ship {N} is {@length} metres long.', 'The hull of the ship {N} measures {@length} metres.'],
          q: ['How long is the ship {N}?', 'What is the length of the {N}?'],
        },
        crew: {
          s: ['The ship {N} sails with a crew of {@crew}.', '{@crew} sailors work on board the ship {N}.'],
          q: ['How many people are in the crew of the {N}?', 'How large is the crew of the ship {N}?'],
        },
        shipyard: {
          s: [
            'The ship {N} was built in the shipyard of {@shipyard}.',
            'The ship {N} was constructed in the town of {@shipyard}.',
          ],
          q: ['Where was the ship {N} built?', 'In which town was the {N} made?'],
        },
        captain: {
          s: ['The first captain of the ship {N} was {@captain}.', '{@captain} commanded the ship {N} on its first voyage.'],
          q: ['Who was the first captain of the {N}?', 'Who led the {N} on its maiden voyage?'],
        },
      },
      extra: [
        'The ship {N} is painted white and blue.',
        'Storms have never seriously damaged the ship {N}.',
        'Today, visitors can walk around the deck of the ship {N}.',
      ],
    },
    mountain: {
      facts: {
        height: {
          s: ['Mount {N} rises to {@height} metres.', 'The summit of Mount {N} is {@height} metres high.'],
          q: ['How high is Mount {N}?', 'What is the elevation of Mount {N}?'],
        },
        ascent: {
          s: ['Mount {N} was first climbed in {@ascent}.', 'Climbers first reached the top of Mount {N} in {@ascent}.'],
          q: ['When was Mount {N} first ascended?', 'In which year did anyone first stand on the summit of Mount {N}?'],
        },
        climber: {
          s: [
            'The first person to reach the summit of Mount {N} was {@climber}.',
            '{@climber} led the first successful climb of Mount {N}.',
          ],
          q: ['Who first climbed Mount {N}?', 'Who made the first ascent of Mount {N}?'],
        },
        range: {
          s: ['Mount {N} belongs to the {@range} range.', 'Mount {N} is part of the {@range} mountains.'],
          q: ['Which mountain range includes Mount {N}?', 'In what range does Mount {N} stand?'],
        },
        glaciers: {
          s: ['There are {@glaciers} glaciers on the slopes of Mount {N}.', 'The slopes of Mount {N} hold {@glaciers} glaciers.'],
          q: ['How many glaciers does Mount {N} have?', 'How many glaciers are found on Mount {N}?'],
        },
      },
      extra: [
        'Mount {N} is covered with snow for most of the year.',
        'A narrow path leads to a hut below Mount {N}.',
        'On clear days, Mount {N} can be seen from far away.',
      ],
    },
    musician: {
      facts: {
        born: {
          s: ['The musician {N} was born in {@born}.', '{N} came into the world in {@born}.'],
          q: ['When was {N} born?', 'In what year was the musician {N} born?'],
        },
        hometown: {
          s: ['{N} comes from the town of {@hometown}.', '{N} grew up in {@hometown}.'],
          q: ['Where is {N} from?', 'What is the home town of {N}?'],
        },
        instrument: {
          s: ['{N} plays the {@instrument}.', 'The main instrument of {N} is the {@instrument}.'],
          q: ['Which instrument does {N} play?', 'What instrument is {N} known for?'],
        },
        albums: {
          s: ['{N} has released {@albums} albums.', 'So far, {N} has recorded {@albums} albums.'],
          q: ['How many albums has {N} published?', 'How many records has {N} made?'],
        },
        debut: {
          s: ['{N} gave {g:his|her} first concert in {@debut}.', '{N} first performed on stage in {@debut}.'],
          q: ['When did {N} play {g:his|her} first concert?', 'In which year did {N} make {g:his|her} stage debut?'],
        },
      },
      extra: [
        '{N} often performs in small theatres.',
        'Critics praise the calm style of {N}.',
        '{N} also teaches music to children.',
      ],
    },
  },
};
