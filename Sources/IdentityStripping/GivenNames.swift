/// Given names the undeclared-person detector recognises, written for this
/// project. Spelling variants that the skeleton already merges (Khasan/Hasan is
/// not merged, Khasan/Хасан is) need not be listed twice; Cyrillic entries are
/// there for names whose usual Latin spelling transliterates differently.
enum GivenNames {
    static let chechenAndCaucasian = """
    Magomed Mohammed Muhammad Mukhammad Mohamed Muhammed Magomet Mahomed Ruslan Aslan Zelimkhan Khasan Hasan Hassan Husein Khusein Hussein Husain
    Umar Omar Adam Islam Movsar Ramzan Dzhokhar Jokhar Aminat Amina Zarema Kheda Heda Malika Madina Aishat Aisha Ayshat Khadizhat Khadijat
    Abdul Abdulla Abdullah Akhmed Ahmed Akhmad Ahmad Alikhan Alkhazur Alvi Anzor Apti Arbi Arsen Arslan Artur Aslambek Aslanbek Atabi Ayub Ayup
    Baisangur Bislan Buvaisar Dzhabrail Dzhambulat Djambulat Dukvakha Elbrus Elkhan Emin Ibragim Ibrahim Idris Ilyas Iles Isa Issa Ismail Israil
    Kazbek Khamzat Hamzat Khamid Khizir Khusain Lecha Lema Magomedsalam Mairbek Makhmud Mahmud Mansur Marat Movladi Murad Murat Musa Mussa Mukhtar
    Nurdi Rizvan Ruslanbek Rustam Said Saidkhan Salman Sultan Supyan Tamerlan Timur Turpal Umalt Usman Vakha Visit Yakub Yusup Yusuf Zaur Zaurbek
    Zaindi Zakir Ziyavdin Shamil Shamsudin Sharip Sayd Saypudin Rasul Rashid Rizvan Shamkhan Bekkhan Beslan Doka Adlan Adnan Abubakar Abubakr
    Abu Alimkhan Alu Ayndi Aydamir Baudi Dzhamaldin Dzhamal Jamal Elza Eliza Esila Fatima Patimat Petimat Asiyat Aset Aza Zalina Zulay Zulikha
    Zaynab Zainab Zaira Zhaneta Kamila Kamilla Khava Hava Luiza Luisa Lipa Leyla Laila Layla Louiza Madina Markha Milana Milena Raisa Rayana Rozita
    Sapiyat Sedaa Seda Satsita Tamila Taisa Yakha Yakhita Zara Zareta Zulfiya Zulay Petimat Khalimat Khalima Kheda Khadizhat Ayna Aminat Barat
    Daud Daut Zubair Zubayr Zelimkhan Sulim Sulambek Suleyman Suleiman Sultan Umalat Yunus Yunis Zamid Zarina Zhamilya Alan Soslan Taimuraz Tamerlan
    Visita Zurab Nino Giorgi Davit David Levan Irakli Tamar Tamara Nana Giga Lasha Vakhtang Mamuka Gocha Tengiz Otar Shota Ketevan Eka Maia Salome
    Ana Mariam Nugzar Revaz Badri Zviad Merab Gela Temur Armen Aram Ashot Gagik Karen Hayk Tigran Vardan Anahit Gayane Lilit Narine Bek Beka
    Arsen Akhmat Batraz Kantemir Aslan Azamat Ayshat Gasan Gadzhi Gadzhimurad Magomedrasul Khabib Abdulkadyr Abdulmanap Shamil Patimat Madina
    """
    static let arabicAndTurkic = """
    Ali Hussain Mustafa Mostafa Karim Kareem Khalid Khaled Walid Tariq Tarik Yasin Yassin Yasir Yasser Bilal Hamza Hamid Hamed Jamil Nabil Nasser
    Nasir Rami Sami Samir Tamer Yousef Youssef Zaid Zayd Ziad Amir Ameer Faisal Fahad Fares Firas Hani Hisham Imad Jihad Kamal Majid Marwan Mazen
    Mahmoud Mohannad Nadim Nizar Osama Qasim Rafiq Rashed Saad Saeed Saleh Salim Samer Suhail Tawfiq Wael Yahya Zakaria Abdelkader Abdelaziz
    Fatma Fatemeh Mariam Maryam Nour Noor Huda Hoda Rania Rana Reem Rim Salma Samira Sara Sarah Layal Lina Leila Lamia Lubna Manal Mona Muna Nadia
    Nawal Nisreen Rasha Rawan Ruqaya Safa Samar Shaima Yasmin Yasmina Zahra Zeynep Hatice Emine Elif Ayse Aysel Aygul Gulnara Gulnaz Guzel Dilnoza
    Dilshod Farrukh Bakhtiyor Bobur Jasur Rustam Sherzod Timur Ulugbek Aziz Azamat Bakyt Nursultan Kairat Yerlan Erlan Serik Daniyar Arman Askar
    Mehmet Mehmed Ahmet Murat Mustafa Huseyin Hasan Ibrahim Ismail Osman Yusuf Emre Burak Cem Can Deniz Emir Eren Kemal Kerem Onur Serkan Tolga
    Galip Bahattin Cagri Orhan Oguz Selim Ilhan Hakan Kadir Levent Recep Erdal Ercan Kaan Baris Volkan Ayhan Sevgi Ozlem Gulsen Nermin Songul
    Elnur Elvin Ilham Rauf Rovshan Tural Vugar Fuad Anar Leyla Sabina Gunel Nigar Farid Javid Kamran Rashad Ramil Ramal Rinat Ildar Ilnur Rafael
    """
    static let russianAndSlavic = """
    Aleksandr Alexander Aleksey Alexey Alexei Anatoly Anatoli Andrei Andrey Anton Arkady Artyom Artem Boris Bogdan Denis Dmitry Dmitri Egor Yegor
    Evgeny Evgeni Yevgeny Fyodor Fedor Gennady Georgy Georgi Gleb Grigory Igor Ilya Ivan Kirill Konstantin Leonid Lev Maksim Maxim Mikhail Nikita
    Nikolai Nikolay Oleg Pavel Pyotr Petr Roman Semyon Sergei Sergey Stanislav Stepan Svyatoslav Timofey Vadim Valentin Valery Vasily Viktor Vitaly
    Vladimir Vladislav Vyacheslav Yaroslav Yuri Yury Zakhar Alla Alina Alyona Anastasia Anna Antonina Daria Darya Ekaterina Yekaterina Elena Yelena
    Elizaveta Evgenia Galina Inna Irina Kristina Ksenia Larisa Lidia Lyudmila Lyubov Margarita Marina Maria Nadezhda Natalia Natalya Nina Oksana Olga
    Polina Sofia Svetlana Tatiana Tatyana Ulyana Valentina Valeria Vera Veronika Viktoria Yulia Yuliya Zhanna Zoya Lena Sasha Masha Dasha Katya
    Olya Natasha Tanya Sveta Vova Volodya Dima Misha Kolya Petya Seryozha Zhenya Vanya Lyosha Nastya Yana Taras Mykola Oleksandr Olena Bohdan
    Volodymyr Dmytro Serhiy Andriy Yuriy Vasyl Hanna Kateryna Nataliya Piotr Pawel Tomasz Krzysztof Marek Jan Jakub Katarzyna Agnieszka Zdravko
    Dragan Milan Goran Zoran Stefan Nikola Jovan Marko Ivana Jelena Milica Dusan Tomas Vaclav Jiri Petra Lucie Miroslav Bojan Vesna Snezhana Veselin
    Александр Алексей Андрей Дмитрий Евгений Сергей Юрий Юлия Татьяна Наталья Ирина Ольга Елена Светлана Людмила Николай Михаил Владимир Иван
    Магомед Рамзан Зелимхан Хасан Руслан Аслан Ахмед Адам Умар Ислам Мовсар Джохар Аминат Зарема Хеда Малика Мадина Ахмат Хамзат Шамиль Айшат
    """
    static let europeanAndEnglish = """
    James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew Anthony Donald Steven Paul Andrew Joshua Kenneth
    Kevin Brian George Edward Ronald Timothy Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel
    Gregory Frank Alexander Raymond Patrick Jack Dennis Jerry Tyler Aaron Jose Henry Douglas Peter Nathan Zachary Kyle Walter Harold Carl Arthur
    Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Nancy Lisa Margaret Betty Sandra Ashley Dorothy Kimberly Emily Donna
    Michelle Carol Amanda Melissa Deborah Stephanie Rebecca Laura Sharon Cynthia Kathleen Amy Shirley Angela Helen Anna Brenda Pamela Nicole Samantha
    Katherine Emma Ruth Christine Catherine Debra Rachel Carolyn Janet Virginia Maria Heather Diane Julie Joyce Evelyn Joan Kelly Christina Lauren
    Hans Klaus Jurgen Wolfgang Helmut Dieter Uwe Stefan Andreas Markus Matthias Tobias Lukas Felix Jonas Leon Niklas Florian Sebastian Katrin Sabine
    Ursula Monika Petra Claudia Julia Lena Pierre Jean Jacques Michel Philippe Alain Nicolas Francois Laurent Olivier Julien Guillaume Antoine
    Sophie Camille Claire Nathalie Isabelle Sylvie Chantal Marie Giovanni Giuseppe Francesco Luca Marco Alessandro Matteo Lorenzo Andrea Giulia
    Chiara Francesca Federica Carlos Juan Luis Miguel Javier Manuel Antonio Pablo Pedro Diego Alejandro Carmen Lucia Elena Isabel Pilar Rosa
    Joao Tiago Rui Lars Anders Erik Sven Nils Ingrid Astrid Sigrid Johan Mikael Pieter Joost Willem Sean Liam Aidan Ciaran Siobhan Aoife Niamh
    Philip Phillip Roger Rodger Bjorn Frode Gunnar Rolf Spencer Kamil Bedran Bulent Sahin Ian Hugh Neil Graham Keith Colin Ross Stuart
    Alistair Duncan Malcolm Fraser Ewan Iain Hamish Morag Fiona Moira Shona Gordon Derek Trevor Nigel Geoffrey Martin Simon Adrian Ralph
    Howard Leonard Stanley Norman Harry Oliver Charlotte Alice Eileen Maureen Brigitte Agnes Hilde Ole Per Knut Jens Henrik Magnus Karl
    Otto Franz Josef Heinz Gunter Werner Horst Bernd Ralf Thorsten Dirk Holger Jorg Rainer Ulrich Manfred Gerhard Kurt Ernst Frieda Greta
    Angela Emmanuel Dimitrios Georgios Nikos Yannis Eleni Katerina Istvan Laszlo Zoltan Gabor Andras Erzsebet Ioana Mihai Andrei Bogdan Vasile
    """
    /// Names that are also ordinary words: only taken as a name when another
    /// name word follows, so "Islam" or "Said" alone at a sentence start survive.
    static let ambiguous = """
    Islam Said Adam May Mark Will Bill Rose Grace Hope Faith Victoria Georgia Jordan Iman Amin Nur Nour Noor Visit Lev Vera Rim Can Cem Mona Karen Ana Eka
    Baris Sultan Emir Lena Jan Luca Rosa Marina Nina Roman Ali Salma Rana Huda Sami Rami Alan Lipa Aza Doka Iles Rashid Zara Diane Carol
    Joy Sunny Amber Ray Rob Pat Art Sky Summer Per Ole Martin Norman Hugh Neil Ross Lorenzo Walter Kaan Fares Hani Hisham Samar Safa Layal Reem Hava Alina Deniz Elif Erik Eric Arman
    """
}
