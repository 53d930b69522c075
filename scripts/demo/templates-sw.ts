/**
 * Swahili templates for the demo world (see the template mini-language in schema.ts). Agreement
 * follows the head noun's class: mji, mto, mlima (3: u-), daraja, tamasha (5: li-), chakula (7: ki-),
 * meli (9: i-), people (1: a-); a bare place name takes class 9 (i-).
 */
import type { LangPack } from './schema';

export const sw: LangPack = {
  lang: 'sw',
  script: 'latin',
  joiner: ' ',
  lex: {
    product: {
      pottery: 'vyombo vya udongo',
      cheese: 'jibini',
      glass: 'vioo',
      wool: 'sufu',
      salt: 'chumvi',
      paper: 'karatasi',
      clocks: 'saa',
      honey: 'asali',
    },
    fish: { trout: 'trauti', salmon: 'samoni', eel: 'mikunga', carp: 'kapu', pike: 'paiki', catfish: 'kambare' },
    material: { stone: 'mawe', wood: 'mbao', steel: 'chuma', brick: 'matofali', concrete: 'zege', rope: 'kamba' },
    invention: {
      windPump: 'pampu ya upepo',
      rainGauge: 'kipimo cha mvua',
      waterFilter: 'chujio la maji',
      loom: 'mashine ya kufuma',
      steamBoiler: 'boila ya mvuke',
      seismograph: 'sismografu',
      divingBell: 'kengele ya kupiga mbizi',
    },
    month: {
      m1: 'Januari',
      m2: 'Februari',
      m3: 'Machi',
      m4: 'Aprili',
      m5: 'Mei',
      m6: 'Juni',
      m7: 'Julai',
      m8: 'Agosti',
      m9: 'Septemba',
      m10: 'Oktoba',
      m11: 'Novemba',
      m12: 'Desemba',
    },
    ingredient: {
      rice: 'mchele',
      lentils: 'dengu',
      cassava: 'muhogo',
      potatoes: 'viazi',
      mushrooms: 'uyoga',
      corn: 'mahindi',
      beans: 'maharagwe',
      fish: 'samaki',
    },
    instrument: {
      violin: 'fidla',
      flute: 'filimbi',
      drum: 'ngoma',
      accordion: 'akodioni',
      harp: 'kinubi',
      cello: 'selo',
      guitar: 'gitaa',
      trumpet: 'tarumbeta',
    },
  },
  cats: {
    town: {
      facts: {
        founded: {
          s: ['Mji wa {N} ulianzishwa mwaka {@founded}.', 'Walowezi wa kwanza walijenga nyumba huko {N} mwaka {@founded}.'],
          q: ['Mji wa {N} ulianza mwaka gani?', 'Watu walianza kuishi {N} lini?'],
        },
        population: {
          s: ['{N} ina wakazi wapatao {@population}.', 'Leo hii takriban watu {@population} wanaishi {N}.'],
          q: ['Idadi ya watu wa {N} ni ngapi?', '{N} ina wakazi wangapi?'],
        },
        river: {
          s: ['{N} iko kando ya mto {@river}.', 'Mto {@river} unapita katikati ya mji wa {N}.'],
          q: ['Ni mto gani unaopita {N}?', 'Mji wa {N} umejengwa kwenye mto gani?'],
        },
        product: {
          s: ['{N} inajulikana sana kwa {@product}.', 'Wafanyabiashara kutoka mbali huja {N} kununua {@product}.'],
          q: ['{N} ni maarufu kwa bidhaa gani?', 'Ni bidhaa gani ya kienyeji iliyoipa {N} umaarufu?'],
        },
        altitude: {
          s: ['{N} iko mita {@altitude} juu ya usawa wa bahari.', 'Katikati ya mji wa {N} ni mita {@altitude} juu ya bahari.'],
          q: ['{N} iko kwenye mwinuko gani?', '{N} iko juu kiasi gani kutoka usawa wa bahari?'],
        },
      },
      extra: [
        'Uwanja wa zamani wa soko wa {N} umezungukwa na mitaa myembamba.',
        'Kila Jumamosi, wakulima kutoka vijiji jirani huja {N} kuuza mboga.',
        'Reli ndogo inaunganisha {N} na pwani.',
      ],
    },
    river: {
      facts: {
        length: {
          s: ['Mto {N} una urefu wa kilomita {@length}.', 'Kutoka chanzo hadi mdomo wake, mto {N} unasafiri kilomita {@length}.'],
          q: ['Mto {N} una urefu gani?', 'Urefu wote wa mto {N} ni kiasi gani?'],
        },
        mouth: {
          s: [
            'Mto {N} unamwaga maji yake katika Bahari ya {@mouth}.',
            'Mwishoni mwa safari yake, mto {N} unaingia Bahari ya {@mouth}.',
          ],
          q: ['Maji ya mto {N} yanaingia bahari ipi?', 'Mto {N} unaishia wapi?'],
        },
        tributaries: {
          s: ['Mto {N} una matawi {@tributaries}.', 'Njiani, vijito vidogo {@tributaries} vinaungana na mto {N}.'],
          q: ['Ni matawi mangapi yanayoingia mto {N}?', 'Vijito vingapi humwaga maji katika mto {N}?'],
        },
        mapped: {
          s: [
            'Mkondo wa mto {N} ulichorwa kwenye ramani kwa mara ya kwanza mwaka {@mapped}.',
            'Ramani ya kwanza sahihi ya mto {N} ilichorwa mwaka {@mapped}.',
          ],
          q: ['Mto {N} uliwekwa kwenye ramani lini kwa mara ya kwanza?', 'Ni mwaka gani mto {N} ulichorwa kwa mara ya kwanza?'],
        },
        fish: {
          s: ['Maji ya mto {N} yana {@fish} wengi.', 'Wavuvi katika mto {N} hukamata zaidi {@fish}.'],
          q: ['Ni samaki gani wanaopatikana kwa wingi katika mto {N}?', 'Ni aina gani ya samaki wanaoishi katika mto {N}?'],
        },
      },
      extra: [
        'Wakati wa masika, mto {N} mara nyingi hufurika mashamba yaliyo kando yake.',
        'Vinu kadhaa vya zamani vya maji bado vimesimama kando ya mto {N}.',
        'Watoto huogelea katika mto {N} wakati wa miezi ya joto.',
      ],
    },
    bridge: {
      facts: {
        opened: {
          s: ['Daraja la {N} lilifunguliwa mwaka {@opened}.', 'Mikokoteni ya kwanza ilivuka daraja la {N} mwaka {@opened}.'],
          q: ['Daraja la {N} lilianza kutumika lini?', 'Daraja la {N} lilizinduliwa mwaka gani?'],
        },
        length: {
          s: ['Daraja la {N} lina urefu wa mita {@length}.', 'Daraja la {N} linaenea jumla ya mita {@length}.'],
          q: ['Daraja la {N} lina urefu gani?', 'Urefu wa daraja la {N} ni mita ngapi?'],
        },
        material: {
          s: ['Daraja la {N} limejengwa kwa {@material}.', 'Wajenzi walitumia {@material} kwa daraja zima la {N}.'],
          q: ['Daraja la {N} limetengenezwa kwa nyenzo gani?', 'Daraja la {N} lilijengwa kwa kutumia nini?'],
        },
        river: {
          s: ['Daraja la {N} linavuka mto {@river}.', 'Daraja la {N} linabeba barabara juu ya mto {@river}.'],
          q: ['Ni mto gani unaovukwa na daraja la {N}?', 'Daraja la {N} limejengwa juu ya mto upi?'],
        },
        architect: {
          s: ['Daraja la {N} lilibuniwa na {@architect}.', 'Michoro ya daraja la {N} ilichorwa na {@architect}.'],
          q: ['Nani alibuni daraja la {N}?', 'Ni mbunifu gani aliyepanga daraja la {N}?'],
        },
      },
      extra: [
        'Usiku, daraja la {N} huangazwa kwa taa.',
        'Watalii wengi hupiga picha kwenye daraja la {N}.',
        'Daraja la {N} lilikarabatiwa baada ya dhoruba kali.',
      ],
    },
    inventor: {
      facts: {
        born: {
          s: ['{N} alizaliwa mwaka {@born}.', 'Mvumbuzi {N} alikuja duniani mwaka {@born}.'],
          q: ['{N} alizaliwa mwaka gani?', 'Mwaka wa kuzaliwa wa {N} ni upi?'],
        },
        birthplace: {
          s: ['{N} alikulia katika mji wa {@birthplace}.', '{N} alitumia utoto wake huko {@birthplace}.'],
          q: ['{N} alikulia katika mji gani?', '{N} aliishi wapi katika miaka yake ya mwanzo?'],
        },
        invention: {
          s: ['{N} anakumbukwa kama mvumbuzi wa {@invention}.', 'Uvumbuzi maarufu zaidi wa {N} ni {@invention}.'],
          q: ['{N} alivumbua nini?', 'Ni kifaa gani kilichomfanya {N} kuwa maarufu?'],
        },
        inventedIn: {
          s: [
            '{N} aliwaonyesha watu uvumbuzi wake mwaka {@inventedIn}.',
            'Mfano wa kwanza uliofanya kazi wa {N} ulitengenezwa mwaka {@inventedIn}.',
          ],
          q: [
            '{N} alionyesha uvumbuzi wake kwa mara ya kwanza lini?',
            'Ni mwaka gani {N} alikamilisha kifaa chake cha kwanza kinachofanya kazi?',
          ],
        },
        patents: {
          s: ['{N} alisajili hataza {@patents}.', 'Katika maisha yake, {N} alipata hataza {@patents}.'],
          q: ['{N} alikuwa na hataza ngapi?', '{N} alipewa hataza ngapi?'],
        },
      },
      extra: [
        '{N} alipenda kufanya kazi hadi usiku wa manane katika karakana ndogo.',
        'Akiwa mtoto, {N} alifungua saa ili kuona jinsi zinavyofanya kazi.',
        'Barua zilizoandikwa na {N} zimehifadhiwa katika jumba la makumbusho la eneo hilo.',
      ],
    },
    festival: {
      facts: {
        first: {
          s: [
            'Tamasha la {N} lilifanyika kwa mara ya kwanza mwaka {@first}.',
            'Historia ya tamasha la {N} inaanzia mwaka {@first}.',
          ],
          q: ['Tamasha la {N} lilianza lini?', 'Tamasha la kwanza la {N} lilikuwa mwaka gani?'],
        },
        month: {
          s: [
            'Tamasha la {N} hufanyika kila mwaka mwezi wa {@month}.',
            'Kila mwezi wa {@month}, watu hukusanyika kwa ajili ya tamasha la {N}.',
          ],
          q: ['Tamasha la {N} huadhimishwa mwezi gani?', 'Tamasha la {N} hufanyika wakati gani wa mwaka?'],
        },
        days: {
          s: ['Tamasha la {N} hudumu siku {@days}.', 'Sherehe za tamasha la {N} huendelea kwa siku {@days}.'],
          q: ['Tamasha la {N} huchukua muda gani?', 'Tamasha la {N} hufanyika kwa siku ngapi?'],
        },
        visitors: {
          s: ['Wageni wapatao {@visitors} huhudhuria tamasha la {N}.', 'Tamasha la {N} huvutia takriban watu {@visitors}.'],
          q: ['Ni watu wangapi huja kwenye tamasha la {N}?', 'Mahudhurio ya tamasha la {N} ni kiasi gani?'],
        },
        town: {
          s: ['Tamasha la {N} hufanyika katika mji wa {@town}.', 'Mitaa ya {@town} ndiyo nyumbani kwa tamasha la {N}.'],
          q: ['Tamasha la {N} hufanyika wapi?', 'Ni mji gani unaoandaa tamasha la {N}?'],
        },
      },
      extra: [
        'Wakati wa tamasha la {N}, mitaa hupambwa kwa taa za karatasi.',
        'Wanamuziki na wachezaji hutumbuiza kwenye tamasha la {N}.',
        'Tiketi za tamasha la {N} huisha mapema.',
      ],
    },
    dish: {
      facts: {
        ingredient: {
          s: ['Chakula cha {N} hutengenezwa hasa kwa {@ingredient}.', 'Kiungo kikuu cha chakula cha {N} ni {@ingredient}.'],
          q: ['Chakula cha {N} hupikwa kwa kutumia nini?', 'Ni kiungo gani ndicho msingi wa chakula cha {N}?'],
        },
        minutes: {
          s: [
            'Kupika chakula cha {N} huchukua takriban dakika {@minutes}.',
            'Chakula cha {N} hutokoswa kwa moto mdogo kwa dakika {@minutes}.',
          ],
          q: ['Inachukua muda gani kuandaa chakula cha {N}?', 'Chakula cha {N} hupikwa kwa dakika ngapi?'],
        },
        town: {
          s: ['Chakula cha {N} kinatoka katika mji wa {@town}.', 'Mapishi ya {N} yalianzia {@town}.'],
          q: ['Asili ya chakula cha {N} ni wapi?', 'Chakula cha {N} kilipikwa kwa mara ya kwanza katika mji gani?'],
        },
        spices: {
          s: [
            'Mapishi ya {N} hutumia aina {@spices} za bizari.',
            'Wapishi huongeza aina {@spices} za viungo katika chakula cha {N}.',
          ],
          q: ['Aina ngapi za bizari huwekwa katika chakula cha {N}?', 'Chakula cha {N} kina aina ngapi za viungo?'],
        },
        recorded: {
          s: [
            'Mapishi ya {N} yaliandikwa kwa mara ya kwanza mwaka {@recorded}.',
            'Kitabu cha mapishi cha mwaka {@recorded} ndicho cha zamani zaidi kinachotaja {N}.',
          ],
          q: [
            'Chakula cha {N} kilirekodiwa kwa maandishi lini kwa mara ya kwanza?',
            'Ni mwaka gani chakula cha {N} kinatajwa kwa mara ya kwanza katika maandishi?',
          ],
        },
      },
      extra: [
        'Kwa kawaida chakula cha {N} huliwa kikiwa moto pamoja na mkate.',
        'Familia nyingi hupika {N} wakati wa sikukuu.',
        'Hivi karibuni mikahawa ya nchi za nje imeanza kuuza {N}.',
      ],
    },
    ship: {
      facts: {
        launched: {
          s: ['Meli {N} ilishushwa majini mwaka {@launched}.', 'Meli {N} ilienda baharini kwa mara ya kwanza mwaka {@launched}.'],
          q: ['Meli {N} iliingizwa majini lini?', 'Ni mwaka gani meli {N} ilianza safari zake?'],
        },
        length: {
          s: ['Meli {N} ina urefu wa mita {@length}.', 'Kiunzi cha meli {N} kina urefu wa mita {@length}.'],
          q: ['Meli {N} ina urefu gani?', 'Urefu wa meli {N} ni kiasi gani?'],
        },
        crew: {
          s: ['Meli {N} husafiri na wafanyakazi {@crew}.', 'Mabaharia {@crew} hufanya kazi ndani ya meli {N}.'],
          q: ['Wafanyakazi wa meli {N} ni wangapi?', 'Kikosi cha meli {N} kina ukubwa gani?'],
        },
        shipyard: {
          s: ['Meli {N} ilijengwa katika kiwanda cha meli cha {@shipyard}.', 'Meli {N} iliundwa katika mji wa {@shipyard}.'],
          q: ['Meli {N} ilijengwa wapi?', 'Meli {N} ilitengenezwa katika mji gani?'],
        },
        captain: {
          s: ['Nahodha wa kwanza wa meli {N} alikuwa {@captain}.', '{@captain} aliongoza meli {N} katika safari yake ya kwanza.'],
          q: ['Nani alikuwa nahodha wa kwanza wa meli {N}?', 'Nani aliiongoza meli {N} katika safari yake ya kwanza?'],
        },
      },
      extra: [
        'Meli {N} imepakwa rangi nyeupe na buluu.',
        'Dhoruba hazijawahi kuiharibu meli {N} vibaya.',
        'Leo wageni wanaweza kutembelea sitaha ya meli {N}.',
      ],
    },
    mountain: {
      facts: {
        height: {
          s: ['Mlima {N} una kimo cha mita {@height}.', 'Kilele cha mlima {N} kiko mita {@height} juu.'],
          q: ['Mlima {N} una urefu gani?', 'Mwinuko wa mlima {N} ni kiasi gani?'],
        },
        ascent: {
          s: [
            'Mlima {N} ulipandwa kwa mara ya kwanza mwaka {@ascent}.',
            'Wapandaji walifika kileleni mwa mlima {N} kwa mara ya kwanza mwaka {@ascent}.',
          ],
          q: [
            'Upandaji wa kwanza wa mlima {N} ulifanyika lini?',
            'Ni mwaka gani mtu alisimama juu ya kilele cha mlima {N} kwa mara ya kwanza?',
          ],
        },
        climber: {
          s: [
            'Mtu wa kwanza kufika kilele cha mlima {N} alikuwa {@climber}.',
            '{@climber} aliongoza upandaji wa kwanza uliofanikiwa wa mlima {N}.',
          ],
          q: ['Nani alipanda mlima {N} kwanza?', 'Nani alifanya upandaji wa kwanza wa mlima {N}?'],
        },
        range: {
          s: ['Mlima {N} ni sehemu ya safu ya milima ya {@range}.', 'Mlima {N} uko katika milima ya {@range}.'],
          q: ['Ni safu gani ya milima inayojumuisha mlima {N}?', 'Mlima {N} unasimama katika safu gani?'],
        },
        glaciers: {
          s: ['Kuna barafuto {@glaciers} kwenye miteremko ya mlima {N}.', 'Miteremko ya mlima {N} ina barafuto {@glaciers}.'],
          q: ['Mlima {N} una barafuto ngapi?', 'Ni barafuto ngapi zinazopatikana kwenye mlima {N}?'],
        },
      },
      extra: [
        'Mlima {N} umefunikwa na theluji kwa sehemu kubwa ya mwaka.',
        'Njia nyembamba inaelekea kwenye kibanda chini ya mlima {N}.',
        'Siku zisizo na mawingu, mlima {N} unaonekana kutoka mbali.',
      ],
    },
    musician: {
      facts: {
        born: {
          s: ['Mwanamuziki {N} alizaliwa mwaka {@born}.', '{N} alikuja duniani mwaka {@born}.'],
          q: ['{N} alizaliwa lini?', 'Mwanamuziki {N} alizaliwa mwaka gani?'],
        },
        hometown: {
          s: ['{N} anatoka katika mji wa {@hometown}.', '{N} alikulia {@hometown}.'],
          q: ['{N} ni mwenyeji wa wapi?', 'Mji wa nyumbani wa {N} ni upi?'],
        },
        instrument: {
          s: ['{N} hupiga {@instrument}.', 'Ala kuu ya muziki ya {N} ni {@instrument}.'],
          q: ['{N} hupiga ala gani?', '{N} anajulikana kwa ala gani ya muziki?'],
        },
        albums: {
          s: ['{N} ametoa albamu {@albums}.', 'Hadi sasa, {N} amerekodi albamu {@albums}.'],
          q: ['{N} amechapisha albamu ngapi?', '{N} ametengeneza santuri ngapi?'],
        },
        debut: {
          s: ['{N} alitoa tamasha lake la kwanza mwaka {@debut}.', '{N} alipanda jukwaani kwa mara ya kwanza mwaka {@debut}.'],
          q: ['{N} alifanya tamasha lake la kwanza lini?', 'Ni mwaka gani {N} alianza kutumbuiza jukwaani?'],
        },
      },
      extra: [
        '{N} mara nyingi hutumbuiza katika kumbi ndogo za maonyesho.',
        'Wakosoaji wanasifu mtindo wa utulivu wa {N}.',
        '{N} pia huwafundisha watoto muziki.',
      ],
    },
  },
};
