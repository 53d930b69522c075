/** French templates for the demo world (see the template mini-language in schema.ts). */
import type { LangPack } from './schema';

export const fr: LangPack = {
  lang: 'fr',
  script: 'latin',
  joiner: ' ',
  lex: {
    product: {
      pottery: { bare: 'poterie', art: 'de la ^poterie' },
      cheese: { bare: 'fromage', art: 'du ^fromage' },
      glass: { bare: 'verre', art: 'du ^verre' },
      wool: { bare: 'laine', art: 'de la ^laine' },
      salt: { bare: 'sel', art: 'du ^sel' },
      paper: { bare: 'papier', art: 'du ^papier' },
      clocks: { bare: 'montres', art: 'des ^montres' },
      honey: { bare: 'miel', art: 'du ^miel' },
    },
    fish: { trout: 'truites', salmon: 'saumons', eel: 'anguilles', carp: 'carpes', pike: 'brochets', catfish: 'silures' },
    material: { stone: 'pierre', wood: 'bois', steel: 'acier', brick: 'brique', concrete: 'béton', rope: 'cordes' },
    invention: {
      windPump: { de: 'de l’^éolienne de pompage', def: 'l’^éolienne de pompage' },
      rainGauge: { de: 'du ^pluviomètre', def: 'le ^pluviomètre' },
      waterFilter: { de: 'du ^filtre à eau', def: 'le ^filtre à eau' },
      loom: { de: 'du ^métier à tisser mécanique', def: 'le ^métier à tisser mécanique' },
      steamBoiler: { de: 'de la ^chaudière à vapeur', def: 'la ^chaudière à vapeur' },
      seismograph: { de: 'du ^sismographe', def: 'le ^sismographe' },
      divingBell: { de: 'de la ^cloche de plongée', def: 'la ^cloche de plongée' },
    },
    month: {
      m1: 'janvier',
      m2: 'février',
      m3: 'mars',
      m4: 'avril',
      m5: 'mai',
      m6: 'juin',
      m7: 'juillet',
      m8: 'août',
      m9: 'septembre',
      m10: 'octobre',
      m11: 'novembre',
      m12: 'décembre',
    },
    ingredient: {
      rice: { bare: 'riz', art: 'du ^riz' },
      lentils: { bare: 'lentilles', art: 'des ^lentilles' },
      cassava: { bare: 'manioc', art: 'du ^manioc' },
      potatoes: { bare: 'pommes de terre', art: 'des ^pommes de terre' },
      mushrooms: { bare: 'champignons', art: 'des ^champignons' },
      corn: { bare: 'maïs', art: 'du ^maïs' },
      beans: { bare: 'haricots', art: 'des ^haricots' },
      fish: { bare: 'poisson', art: 'du ^poisson' },
    },
    instrument: {
      violin: { de: 'du ^violon', def: 'le ^violon' },
      flute: { de: 'de la ^flûte', def: 'la ^flûte' },
      drum: { de: 'du ^tambour', def: 'le ^tambour' },
      accordion: { de: 'de l’^accordéon', def: 'l’^accordéon' },
      harp: { de: 'de la ^harpe', def: 'la ^harpe' },
      cello: { de: 'du ^violoncelle', def: 'le ^violoncelle' },
      guitar: { de: 'de la ^guitare', def: 'la ^guitare' },
      trumpet: { de: 'de la ^trompette', def: 'la ^trompette' },
    },
  },
  cats: {
    town: {
      facts: {
        founded: {
          s: [
            'La ville de {N} a été fondée en {@founded}.',
            'Des colons ont construit les premières maisons de {N} en {@founded}.',
          ],
          q: [
            'En quelle année la ville de {N} a-t-elle vu le jour ?',
            'Quand les premiers habitants se sont-ils installés à {N} ?',
          ],
        },
        population: {
          s: ['{N} compte environ {@population} habitants.', 'Aujourd’hui, quelque {@population} personnes vivent à {N}.'],
          q: ['Quelle est la population de {N} ?', 'Combien de personnes résident à {N} ?'],
        },
        river: {
          s: ['{N} s’étend sur les rives du fleuve {@river}.', 'Le fleuve {@river} traverse le centre de {N}.'],
          q: ['Quel fleuve passe par {N} ?', 'Au bord de quel cours d’eau se trouve {N} ?'],
        },
        product: {
          s: [
            '{N} doit sa renommée à sa production de {@product.bare}.',
            'Des marchands viennent de loin à {N} pour acheter {@product.art}.',
          ],
          q: ['Quel produit a fait la réputation de {N} ?', 'Quel est le produit local le plus célèbre de {N} ?'],
        },
        altitude: {
          s: [
            '{N} se trouve à {@altitude} mètres au-dessus du niveau de la mer.',
            'Le centre de {N} est situé à {@altitude} mètres d’altitude.',
          ],
          q: ['À quelle hauteur se situe {N} par rapport à la mer ?', 'Quelle est l’altitude de {N} ?'],
        },
      },
      extra: [
        'La vieille place du marché de {N} est entourée de ruelles étroites.',
        'Chaque samedi, des paysans des villages voisins viennent à {N} pour vendre des légumes.',
        'Une petite ligne de chemin de fer relie {N} à la côte.',
      ],
    },
    river: {
      facts: {
        length: {
          s: [
            'Le fleuve {N} mesure {@length} kilomètres de long.',
            'De sa source à son embouchure, le fleuve {N} parcourt {@length} kilomètres.',
          ],
          q: ['Quelle est la longueur du fleuve {N} ?', 'Combien de kilomètres le fleuve {N} fait-il au total ?'],
        },
        mouth: {
          s: [
            'Le fleuve {N} se jette dans la mer de {@mouth}.',
            'À son embouchure, le fleuve {N} déverse ses eaux dans la mer de {@mouth}.',
          ],
          q: ['Dans quelle mer aboutit le fleuve {N} ?', 'Où se termine le fleuve {N} ?'],
        },
        tributaries: {
          s: [
            'Le fleuve {N} est alimenté par {@tributaries} affluents.',
            'Le long de son cours, {@tributaries} petits ruisseaux rejoignent le fleuve {N}.',
          ],
          q: ['Combien d’affluents le fleuve {N} possède-t-il ?', 'Combien de ruisseaux se jettent dans le fleuve {N} ?'],
        },
        mapped: {
          s: [
            'Le cours du fleuve {N} a été cartographié pour la première fois en {@mapped}.',
            'La première carte précise du fleuve {N} a été dessinée en {@mapped}.',
          ],
          q: [
            'Quand le fleuve {N} a-t-il été relevé sur une carte pour la première fois ?',
            'En quelle année a-t-on représenté le fleuve {N} sur une carte pour la première fois ?',
          ],
        },
        fish: {
          s: ['Les eaux du fleuve {N} sont riches en {@fish}.', 'Les pêcheurs du fleuve {N} attrapent surtout des {@fish}.'],
          q: ['Quel poisson est courant dans le fleuve {N} ?', 'Quelle espèce de poisson vit dans le fleuve {N} ?'],
        },
      },
      extra: [
        'Au printemps, le fleuve {N} inonde souvent les prés de ses rives.',
        'Plusieurs vieux moulins à eau se dressent encore au bord du fleuve {N}.',
        'Pendant les mois chauds, les enfants se baignent dans le fleuve {N}.',
      ],
    },
    bridge: {
      facts: {
        opened: {
          s: ['Le pont {N} a été ouvert en {@opened}.', 'Les premières charrettes ont franchi le pont {N} en {@opened}.'],
          q: ['Quand le pont {N} a-t-il été mis en service ?', 'En quelle année le pont {N} a-t-il été inauguré ?'],
        },
        length: {
          s: ['Le pont {N} est long de {@length} mètres.', 'Le pont {N} s’étend sur {@length} mètres au total.'],
          q: ['Quelle est la longueur du pont {N} ?', 'Combien de mètres mesure le pont {N} ?'],
        },
        material: {
          s: ['Le pont {N} est construit en {@material}.', 'Le pont {N} a été entièrement bâti en {@material}.'],
          q: ['En quel matériau est fait le pont {N} ?', 'De quoi le pont {N} est-il constitué ?'],
        },
        river: {
          s: ['Le pont {N} franchit le fleuve {@river}.', 'Le pont {N} fait passer une route au-dessus du fleuve {@river}.'],
          q: ['Quel fleuve le pont {N} enjambe-t-il ?', 'Au-dessus de quel fleuve le pont {N} a-t-il été bâti ?'],
        },
        architect: {
          s: ['Le pont {N} a été conçu par {@architect}.', 'Les plans du pont {N} ont été dessinés par {@architect}.'],
          q: ['Qui est l’auteur du projet du pont {N} ?', 'Quel architecte a dessiné le pont {N} ?'],
        },
      },
      extra: [
        'La nuit, le pont {N} est éclairé par des lanternes.',
        'De nombreux touristes prennent des photos sur le pont {N}.',
        'Le pont {N} a été réparé après une violente tempête.',
      ],
    },
    inventor: {
      facts: {
        born: {
          s: ['{N} est {g:né|née} en {@born}.', '{g:L’inventeur|L’inventrice} {N} a vu le jour en {@born}.'],
          q: ['En quelle année {N} est-{g:il|elle} {g:né|née} ?', 'Quelle est l’année de naissance de {N} ?'],
        },
        birthplace: {
          s: ['{N} a grandi dans la ville de {@birthplace}.', '{N} a passé son enfance à {@birthplace}.'],
          q: ['Dans quelle ville {N} a-t-{g:il|elle} grandi ?', 'Où {N} a-t-{g:il|elle} passé ses premières années ?'],
        },
        invention: {
          s: [
            'On se souvient de {N} comme {g:l’inventeur|l’inventrice} {@invention.de}.',
            'L’invention la plus connue de {N} est {@invention.def}.',
          ],
          q: ['Qu’a inventé {N} ?', 'Quel appareil a rendu {N} célèbre ?'],
        },
        inventedIn: {
          s: [
            '{N} a présenté son invention au public en {@inventedIn}.',
            'Le premier modèle fonctionnel de {N} a été construit en {@inventedIn}.',
          ],
          q: [
            'Quand {N} a-t-{g:il|elle} montré son invention pour la première fois ?',
            'En quelle année {N} a-t-{g:il|elle} achevé son premier appareil en état de marche ?',
          ],
        },
        patents: {
          s: ['{N} a déposé {@patents} brevets.', 'Au cours de sa vie, {N} a obtenu {@patents} brevets.'],
          q: ['Combien de brevets {N} détenait-{g:il|elle} ?', 'Combien de brevets ont été accordés à {N} ?'],
        },
      },
      extra: [
        '{N} aimait travailler tard le soir dans un petit atelier.',
        'Enfant, {N} démontait des horloges pour comprendre leur fonctionnement.',
        'Les lettres écrites par {N} sont conservées dans un musée local.',
      ],
    },
    festival: {
      facts: {
        first: {
          s: ['Le festival de {N} a eu lieu pour la première fois en {@first}.', 'Le festival de {N} remonte à {@first}.'],
          q: ['Quand le festival de {N} a-t-il commencé ?', 'En quelle année s’est tenu le premier festival de {N} ?'],
        },
        month: {
          s: [
            'Le festival de {N} se déroule chaque année en {@month}.',
            'Tous les ans, en {@month}, la population se réunit pour le festival de {N}.',
          ],
          q: ['En quel mois célèbre-t-on le festival de {N} ?', 'À quelle période de l’année a lieu le festival de {N} ?'],
        },
        days: {
          s: ['Le festival de {N} dure {@days} jours.', 'Les festivités du festival de {N} se prolongent pendant {@days} jours.'],
          q: ['Combien de temps dure le festival de {N} ?', 'Pendant combien de jours le festival de {N} se tient-il ?'],
        },
        visitors: {
          s: [
            'Environ {@visitors} visiteurs se rendent au festival de {N}.',
            'Le festival de {N} attire quelque {@visitors} invités.',
          ],
          q: ['Combien de personnes viennent au festival de {N} ?', 'Quelle est la fréquentation du festival de {N} ?'],
        },
        town: {
          s: ['Le festival de {N} a lieu dans la ville de {@town}.', 'Les rues de {@town} accueillent le festival de {N}.'],
          q: ['Où se déroule le festival de {N} ?', 'Quelle ville organise le festival de {N} ?'],
        },
      },
      extra: [
        'Pendant le festival de {N}, les rues sont décorées de lanternes en papier.',
        'Des musiciens et des danseurs se produisent au festival de {N}.',
        'Les billets pour le festival de {N} sont vite épuisés.',
      ],
    },
    dish: {
      facts: {
        ingredient: {
          s: [
            'Le plat {N} est préparé principalement à base de {@ingredient.bare}.',
            'Pour cuisiner le plat {N}, on utilise surtout {@ingredient.art}.',
          ],
          q: ['De quoi est fait le plat {N} ?', 'Quel ingrédient constitue la base du plat {N} ?'],
        },
        minutes: {
          s: ['La cuisson du plat {N} prend environ {@minutes} minutes.', 'Le plat {N} doit mijoter pendant {@minutes} minutes.'],
          q: ['Combien de temps faut-il pour préparer le plat {N} ?', 'Combien de minutes le plat {N} cuit-il ?'],
        },
        town: {
          s: ['Le plat {N} vient de la ville de {@town}.', 'La recette du plat {N} est née à {@town}.'],
          q: ['D’où le plat {N} est-il originaire ?', 'Dans quelle ville a-t-on préparé le plat {N} pour la première fois ?'],
        },
        spices: {
          s: [
            'La recette du plat {N} utilise {@spices} épices différentes.',
            'Les cuisiniers assaisonnent le plat {N} avec {@spices} sortes d’épices.',
          ],
          q: ['Combien d’épices entrent dans le plat {N} ?', 'Combien de sortes d’épices le plat {N} contient-il ?'],
        },
        recorded: {
          s: [
            'La recette du plat {N} a été mise par écrit pour la première fois en {@recorded}.',
            'Un livre de cuisine de {@recorded} est le plus ancien à mentionner le plat {N}.',
          ],
          q: [
            'Quand le plat {N} a-t-il été consigné pour la première fois ?',
            'En quelle année le plat {N} apparaît-il pour la première fois dans un texte ?',
          ],
        },
      },
      extra: [
        'Le plat {N} est généralement servi chaud avec du pain frais.',
        'De nombreuses familles préparent le plat {N} les jours de fête.',
        'Depuis peu, des restaurants à l’étranger proposent le plat {N}.',
      ],
    },
    ship: {
      facts: {
        launched: {
          s: ['Le navire {N} a été lancé en {@launched}.', 'Le navire {N} a pris la mer pour la première fois en {@launched}.'],
          q: ['Quand le navire {N} a-t-il été mis à l’eau ?', 'En quelle année le navire {N} a-t-il commencé à naviguer ?'],
        },
        length: {
          s: ['Le navire {N} mesure {@length} mètres de long.', 'La coque du navire {N} fait {@length} mètres.'],
          q: ['Quelle est la longueur du navire {N} ?', 'Combien mesure le navire {N} ?'],
        },
        crew: {
          s: ['Le navire {N} navigue avec un équipage de {@crew} personnes.', '{@crew} marins travaillent à bord du navire {N}.'],
          q: ['Combien de personnes composent l’équipage du navire {N} ?', 'Quelle est la taille de l’équipage du navire {N} ?'],
        },
        shipyard: {
          s: [
            'Le navire {N} a été construit dans le chantier naval de {@shipyard}.',
            'Le navire {N} a été fabriqué dans la ville de {@shipyard}.',
          ],
          q: ['Où le navire {N} a-t-il été construit ?', 'Dans quelle ville le navire {N} a-t-il vu le jour ?'],
        },
        captain: {
          s: [
            'Le premier commandant du navire {N} était {@captain}.',
            '{@captain} a commandé le navire {N} lors de son premier voyage.',
          ],
          q: ['Qui fut le premier capitaine du navire {N} ?', 'Qui a dirigé le navire {N} lors de sa traversée inaugurale ?'],
        },
      },
      extra: [
        'Le navire {N} est peint en blanc et en bleu.',
        'Les tempêtes n’ont jamais gravement endommagé le navire {N}.',
        'Aujourd’hui, les visiteurs peuvent parcourir le pont du navire {N}.',
      ],
    },
    mountain: {
      facts: {
        height: {
          s: ['Le mont {N} s’élève à {@height} mètres.', 'Le sommet du mont {N} culmine à {@height} mètres.'],
          q: ['Quelle est la hauteur du mont {N} ?', 'Quelle altitude atteint le mont {N} ?'],
        },
        ascent: {
          s: [
            'Le mont {N} a été gravi pour la première fois en {@ascent}.',
            'Des alpinistes ont atteint le sommet du mont {N} pour la première fois en {@ascent}.',
          ],
          q: [
            'Quand a eu lieu la première ascension du mont {N} ?',
            'En quelle année quelqu’un s’est-il tenu pour la première fois au sommet du mont {N} ?',
          ],
        },
        climber: {
          s: [
            'La première personne à atteindre le sommet du mont {N} fut {@climber}.',
            '{@climber} a mené la première ascension réussie du mont {N}.',
          ],
          q: ['Qui a gravi le mont {N} en premier ?', 'Qui a réalisé la première ascension du mont {N} ?'],
        },
        range: {
          s: ['Le mont {N} appartient au massif de {@range}.', 'Le mont {N} fait partie des monts de {@range}.'],
          q: ['Quel massif comprend le mont {N} ?', 'Dans quelle chaîne se dresse le mont {N} ?'],
        },
        glaciers: {
          s: [
            'On compte {@glaciers} glaciers sur les pentes du mont {N}.',
            'Les pentes du mont {N} abritent {@glaciers} glaciers.',
          ],
          q: ['Combien de glaciers le mont {N} possède-t-il ?', 'Combien de glaciers trouve-t-on sur le mont {N} ?'],
        },
      },
      extra: [
        'Le mont {N} est couvert de neige la plus grande partie de l’année.',
        'Un sentier étroit mène à un refuge au pied du mont {N}.',
        'Par temps clair, on aperçoit le mont {N} de très loin.',
      ],
    },
    musician: {
      facts: {
        born: {
          s: ['{g:Le musicien|La musicienne} {N} est {g:né|née} en {@born}.', '{N} a vu le jour en {@born}.'],
          q: [
            'Quand {N} est-{g:il|elle} {g:né|née} ?',
            'En quelle année {g:le musicien|la musicienne} {N} est-{g:il|elle} {g:né|née} ?',
          ],
        },
        hometown: {
          s: ['{N} est originaire de la ville de {@hometown}.', '{N} a grandi à {@hometown}.'],
          q: ['D’où vient {N} ?', 'Quelle est la ville natale de {N} ?'],
        },
        instrument: {
          s: ['{N} joue {@instrument.de}.', 'L’instrument principal de {N} est {@instrument.def}.'],
          q: ['De quel instrument joue {N} ?', 'Pour quel instrument {N} est-{g:il|elle} {g:connu|connue} ?'],
        },
        albums: {
          s: ['{N} a publié {@albums} albums.', 'Jusqu’à présent, {N} a enregistré {@albums} albums.'],
          q: ['Combien d’albums {N} a-t-{g:il|elle} sortis ?', 'Combien de disques {N} a-t-{g:il|elle} réalisés ?'],
        },
        debut: {
          s: [
            '{N} a donné son premier concert en {@debut}.',
            '{N} est {g:monté|montée} sur scène pour la première fois en {@debut}.',
          ],
          q: [
            'Quand {N} a-t-{g:il|elle} joué son premier concert ?',
            'En quelle année {N} a-t-{g:il|elle} fait ses débuts sur scène ?',
          ],
        },
      },
      extra: [
        '{N} se produit souvent dans de petits théâtres.',
        'Les critiques saluent le style paisible de {N}.',
        '{N} enseigne aussi la musique aux enfants.',
      ],
    },
  },
};
